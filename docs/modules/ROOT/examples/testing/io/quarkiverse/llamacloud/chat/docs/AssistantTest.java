package io.quarkiverse.llamacloud.chat.docs;

// tag::testing[]
import java.time.Duration;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkiverse.llamacloud.chat.ChatSessions;
import io.quarkiverse.llamacloud.chat.ChatTurn;
import io.quarkiverse.llamacloud.chat.LlamaCloudServerException;
import io.quarkiverse.llamacloud.chat.emulator.EmulatorClient;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Tests against the emulator that Dev Services start: scripted answers and injected faults.
 */
@QuarkusTest
public class AssistantTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    ChatSessions chat;

    @ConfigProperty(name = "quarkus.llamacloud.base-url") // <1>
    String llamaCloud;

    EmulatorClient emulator;

    @BeforeEach
    void reset() {
        emulator = EmulatorClient.at(llamaCloud).reset(); // <2>
    }

    @Test
    void answersFromAScript() {
        emulator.scriptReply("Who won?", // <3>
                "{\"type\":\"text_delta\",\"content\":\"The home team.\"}");

        String session = chat.create().await().atMost(WAIT).sessionId();
        ChatTurn turn = chat.ask(session, "Who won?").await().atMost(WAIT);

        Assertions.assertEquals("The home team.", turn.answer());
    }

    @Test
    void aTurnThatCannotStartIsRetried() {
        String session = chat.create().await().atMost(WAIT).sessionId();
        emulator.failNext(1, 503); // <4>

        ChatTurn turn = chat.ask(session, "What were the main findings in Q3?").await().atMost(WAIT);

        Assertions.assertFalse(turn.answer().isBlank());
    }

    @Test
    void creatingASessionIsNotRetriedOnAServerError() {
        emulator.failNext(1, 503); // <5>

        Assertions.assertThrows(LlamaCloudServerException.class, () -> chat.create().await().atMost(WAIT));
    }
}
// end::testing[]
