package io.quarkiverse.llamacloud.chat.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A custom responder ({@link LlamaCloudEmulator#respondWith(TurnResponder)}) answers the turns it takes. */
class TurnResponderTest extends EmulatorTestBase {

    private final List<TurnResponder.Turn> offered = new CopyOnWriteArrayList<>();

    /** Answers the prompt "custom" with one text event and a stop; declines every other prompt. */
    private final TurnResponder custom = turn -> {
        offered.add(turn);
        if (!turn.prompt().equals("custom")) {
            return false;
        }
        turn.streams().opened();
        turn.response().setStatusCode(200).putHeader("content-type", "text/event-stream; charset=utf-8")
                .end("event: message\ndata: {\"type\":\"text\",\"content\":\"from the responder\"}\n\n"
                        + "event: message\ndata: {\"type\":\"stop\",\"is_error\":false,\"error\":null}\n\n")
                .onComplete(done -> turn.streams().closed());
        return true;
    };

    @AfterEach
    void removeResponder() {
        emulator.respondWith(null);
    }

    @Test
    void aResponderAnswersTheTurnsItTakesAndNothingIsRecorded() {
        emulator.respondWith(custom);
        String id = client.createSession(null);
        TestClient.Response response = client.stream(id, "custom");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.events()).extracting(SseEvent::type).containsExactly("text", "stop");
        assertThat(response.events().get(0).json().path("content").asText()).isEqualTo("from the responder");
        assertThat(offered).singleElement().satisfies(turn -> {
            assertThat(turn.sessionId()).isEqualTo(id);
            assertThat(turn.receivedNanos()).isLessThanOrEqualTo(System.nanoTime());
        });
        assertThat(emulator.stats().streamsStarted()).isEqualTo(1);
        await("the stream to be counted as closed", Duration.ofSeconds(5), () -> emulator.stats().openStreams() == 0);
        assertThat(client.get("/api/v1/chat/" + id).json().path("events")).isEmpty();
    }

    @Test
    void aTurnTheResponderDeclinesGetsTheAgentsAnswer() {
        emulator.respondWith(custom);
        String id = client.createSession(null);
        assertThat(client.stream(id, "What were the main findings in Q3?").events()).extracting(SseEvent::type)
                .contains("thinking", "text", "stop");
        assertThat(offered).hasSize(1);
        assertThat(client.get("/api/v1/chat/" + id).json().path("events")).isNotEmpty();
    }

    @Test
    void itIsAskedOnlyForValidTurnsOfExistingSessions() {
        emulator.respondWith(custom);
        assertThat(client.stream("00000000-0000-0000-0000-000000000000", "custom").status()).isEqualTo(404);
        String id = client.createSession(null);
        assertThat(client.post("/api/v1/chat/" + id + "/messages/stream", "{\"prompt\":\"custom\"}").status())
                .isEqualTo(422);
        assertThat(offered).isEmpty();
    }

    @Test
    void aResponderThatThrowsAnswersTheTurnWith500() {
        emulator.respondWith(turn -> {
            throw new IllegalStateException("responder broke");
        });
        String id = client.createSession(null);
        assertThat(client.stream(id, "custom").status()).isEqualTo(500);
    }

    @Test
    void withoutAResponderTheAgentAnswersEveryTurn() {
        emulator.respondWith(custom).respondWith(null);
        String id = client.createSession(null);
        TestClient.Response response = client.stream(id, "custom");
        assertThat(response.events()).extracting(SseEvent::type).contains("thinking", "text", "stop");
        assertThat(response.events()).extracting(event -> event.json().path("content").asText())
                .doesNotContain("from the responder");
        assertThat(offered).isEmpty();
        assertThat(client.get("/api/v1/chat/" + id).json().path("events")).isNotEmpty();
    }
}
