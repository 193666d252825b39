package io.quarkiverse.llamacloud.chat.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.logging.Level;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.llamacloud.chat.ChatSessions;
import io.quarkus.test.QuarkusUnitTest;

/**
 * A key sent over plain HTTP to a host that is not loopback is worth a warning at startup (and the warning does not
 * quote the key). Nothing is sent: the test makes no call.
 */
public class PlainHttpWarningTest {

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest()
            .withEmptyApplication()
            .overrideConfigKey("quarkus.llamacloud.base-url", "http://llamacloud.example.com")
            .overrideConfigKey("quarkus.llamacloud.api-key", "llx-plain-http-key")
            .setLogRecordPredicate(record -> record.getLevel().intValue() >= Level.WARNING.intValue())
            .assertLogRecords(records -> {
                assertThat(records).anySatisfy(record -> assertThat(String.format(record.getMessage(),
                        record.getParameters())).contains("unencrypted", "http://llamacloud.example.com"));
                assertThat(records).noneSatisfy(record -> assertThat(String.format(record.getMessage(),
                        record.getParameters())).contains("llx-plain-http-key"));
            });

    @Inject
    ChatSessions chat;

    @Test
    void startsWithAWarning() {
        assertThat(chat).isNotNull();
    }
}
