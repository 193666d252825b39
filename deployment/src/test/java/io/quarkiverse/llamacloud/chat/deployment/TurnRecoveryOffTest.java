package io.quarkiverse.llamacloud.chat.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.llamacloud.chat.ChatSessions;
import io.quarkiverse.llamacloud.chat.LlamaCloudIoException;
import io.quarkiverse.llamacloud.chat.LlamaCloudTurnAcceptedException;
import io.quarkiverse.llamacloud.chat.emulator.EmulatorClient;
import io.quarkiverse.llamacloud.chat.emulator.LlamaCloudEmulator;
import io.quarkus.test.QuarkusUnitTest;

/**
 * With {@code stream.recovery-timeout=0}, nobody asks the service after an ambiguous failure, so nobody may send the
 * turn again: even a reset the service did not record is final. Events that arrived still prove the turn taken.
 */
public class TurnRecoveryOffTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String PROMPT = "What were the main findings in Q3?";

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClass(TestEmulator.class))
            .overrideConfigKey("quarkus.llamacloud.base-url", TestEmulator.baseUrl())
            .overrideConfigKey("quarkus.llamacloud.api-key", LlamaCloudEmulator.DEFAULT_API_KEY)
            .overrideConfigKey("quarkus.llamacloud.max-retries", "2")
            .overrideConfigKey("quarkus.llamacloud.initial-backoff", "50ms")
            .overrideConfigKey("quarkus.llamacloud.stream.recovery-timeout", "0");

    @Inject
    ChatSessions chat;

    EmulatorClient emulator;

    @BeforeEach
    void reset() {
        emulator = EmulatorClient.at(TestEmulator.baseUrl()).reset();
    }

    @Test
    void anAmbiguousFailureIsFinalAndTheHistoryIsNotRead() {
        String id = session();
        emulator.resetConnectionNext(1);

        Throwable failure = catchThrowable(() -> chat.ask(id, PROMPT).await().atMost(WAIT));

        // The connection closed before any status: the outcome is unknown, and it stays so.
        assertThat(failure).isInstanceOf(LlamaCloudIoException.class)
                .isNotInstanceOf(LlamaCloudTurnAcceptedException.class).hasMessageContaining("closed");
        assertThat(posts(id)).isEqualTo(1);
        assertThat(emulator.requests("GET", "/api/v1/chat/" + id)).isZero();
    }

    @Test
    void eventsThatArrivedStillMeanTheServiceTookTheTurn() {
        String id = session();
        emulator.cutStreamAfter(2);

        Throwable failure = catchThrowable(() -> chat.ask(id, PROMPT).await().atMost(WAIT));

        assertThat(failure).isInstanceOfSatisfying(LlamaCloudTurnAcceptedException.class,
                accepted -> assertThat(accepted.eventsDelivered()).isEqualTo(2));
        assertThat(posts(id)).isEqualTo(1);
        assertThat(emulator.requests("GET", "/api/v1/chat/" + id)).as("ask() does not wait either").isZero();
    }

    private String session() {
        return chat.create(List.of("demo-index")).await().atMost(WAIT).sessionId();
    }

    private long posts(String sessionId) {
        return emulator.requests("POST", "/api/v1/chat/" + sessionId + "/messages/stream");
    }
}
