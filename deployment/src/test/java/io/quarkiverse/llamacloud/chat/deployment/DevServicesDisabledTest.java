package io.quarkiverse.llamacloud.chat.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusUnitTest;

/**
 * {@code quarkus.llamacloud.devservices.enabled=false} with no configuration: no emulator, so the missing key stops
 * startup.
 */
public class DevServicesDisabledTest {

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest()
            .withEmptyApplication()
            .overrideConfigKey("quarkus.llamacloud.devservices.enabled", "false")
            .assertException(failure -> {
                Throwable root = failure;
                while (root.getCause() != null) {
                    root = root.getCause();
                }
                assertThat(root).hasMessageContaining("quarkus.llamacloud.api-key");
            });

    @Test
    void startupFails() {
        Assertions.fail("the application must not start without a key when Dev Services are disabled");
    }
}
