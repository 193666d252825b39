package io.quarkiverse.llamacloud.chat.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.llamacloud.chat.ChatEvent;
import io.quarkiverse.llamacloud.chat.ChatSessions;
import io.quarkiverse.llamacloud.chat.TurnRequest;
import io.quarkus.test.QuarkusUnitTest;

/**
 * The TLS registry's default configuration ({@code quarkus.tls.*}, here a trust store with the server's self-signed
 * certificate, which the JVM's trust store lacks) reaches both paths: the session calls and the turn streams.
 */
public class DefaultTlsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClass(TlsStub.class))
            .overrideConfigKey("quarkus.llamacloud.base-url", "https://localhost:" + TlsStub.port())
            .overrideConfigKey("quarkus.llamacloud.api-key", "llx-tls")
            .overrideConfigKey("quarkus.tls.trust-store.pem.certs", TlsStub.certificate());

    @Inject
    ChatSessions chat;

    @Test
    void bothPathsTrustTheDefaultTlsConfiguration() {
        assertThat(chat.summary("ses-tls").await().atMost(WAIT).indexIds()).containsExactly("idx-1");

        List<ChatEvent> events = chat.stream("ses-tls", TurnRequest.of("hi").withIndexIds(List.of("idx-1")))
                .collect().asList().await().atMost(WAIT);

        assertThat(events).first().isEqualTo(new ChatEvent.Text("over TLS"));
    }
}
