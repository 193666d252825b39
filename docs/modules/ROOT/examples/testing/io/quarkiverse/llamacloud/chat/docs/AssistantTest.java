package io.quarkiverse.llamacloud.chat.docs;

import java.time.Duration;
import java.util.Map;

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
 * Testing an application against the emulator that Dev Services start.
 */
// tag::testing[]
@QuarkusTest
public class AssistantTest {

    @Inject
    ChatSessions chat;

    @ConfigProperty(name = "quarkus.llamacloud.base-url") // <1>
    String llamaCloud;

    EmulatorClient emulator;

    @BeforeEach
    void reset() {
        emulator = EmulatorClient.at(llamaCloud).reset();
    }

    @Test
    void answersFromAScript() {
        emulator.scriptReply("Who won?", // <2>
                "{\"type\":\"text_delta\",\"content\":\"The home team.\"}");

        String session = chat.create().await().atMost(Duration.ofSeconds(5)).sessionId();
        ChatTurn turn = chat.ask(session, "Who won?").await().atMost(Duration.ofSeconds(5));

        Assertions.assertEquals("The home team.", turn.answer());
    }

    @Test
    void reportsAnOverloadedService() {
        emulator.failNext(1, 503, Map.of("Retry-After", "0")); // <3>

        Assertions.assertThrows(LlamaCloudServerException.class,
                () -> chat.create().await().atMost(Duration.ofSeconds(5)));
    }
}
// end::testing[]
