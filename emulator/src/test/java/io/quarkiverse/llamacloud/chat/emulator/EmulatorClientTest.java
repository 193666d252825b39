package io.quarkiverse.llamacloud.chat.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** {@link EmulatorClient}, the admin-API handle for tests in another class loader or process. */
class EmulatorClientTest extends EmulatorTestBase {

    @Test
    void drivesScriptsDocumentsFaultsStatsAndReset() {
        EmulatorClient remote = EmulatorClient.at(emulator.baseUrl() + "/").reset();

        remote.scriptReply("Who won?", "{\"type\":\"text_delta\",\"content\":\"The home team.\"}")
                .addDocument("idx-remote", "doc-remote", "The remote office opened in Lisbon.");
        String id = client.createSession("[\"idx-remote\"]");
        assertThat(client.stream(id, "Who won?").events()).extracting(SseEvent::type).containsExactly("text_delta",
                "stop");
        assertThat(StreamTest.single(client.stream(id, "Where did the remote office open?").events(), "text")
                .get("content").asText()).contains("Lisbon", "[doc-remote]");

        remote.failNext(1, 503, Map.of("Retry-After", "0"));
        assertThat(client.get("/api/v1/chat").status()).isEqualTo(503);
        remote.resetConnectionNext(1).clearFaults();
        assertThat(client.get("/api/v1/chat").status()).isEqualTo(200);

        remote.cutStreamAfter(1).malformedEventAfter(0).stallStreamAfter(0, Duration.ofMillis(10)).failTurn("x")
                .unknownEventType("y").chunkSize(3).keepAliveEvery(Duration.ofMillis(500))
                .eventDelay(Duration.ofMillis(1)).latency(Duration.ofMillis(1));
        JsonNode faults = emulator.faults().toJson();
        assertThat(faults.get("cutStreamAfter").asInt()).isEqualTo(1);
        assertThat(faults.get("malformedEventAfter").asInt()).isZero();
        assertThat(faults.get("stallStreamAfter").get("stall").asLong()).isEqualTo(10);
        assertThat(faults.get("failTurn").asText()).isEqualTo("x");
        assertThat(faults.get("unknownEventType").asText()).isEqualTo("y");
        assertThat(faults.get("chunkSize").asInt()).isEqualTo(3);
        assertThat(faults.get("keepAliveEvery").asLong()).isEqualTo(500);
        assertThat(faults.get("eventDelay").asLong()).isEqualTo(1);
        assertThat(faults.get("latency").asLong()).isEqualTo(1);
        remote.clearFaults();

        client.send("GET", "/api/v1/chat", null, "X-Stainless-Retry-Count", "1");
        EmulatorClient.Stats stats = remote.stats();
        assertThat(stats.requests()).isEqualTo(emulator.stats().requests());
        assertThat(stats.streamsStarted()).isEqualTo(2);
        assertThat(stats.openStreams()).isZero();
        assertThat(stats.openConnections()).isGreaterThanOrEqualTo(1);
        assertThat(stats.retryCountHeaders()).endsWith(null, null, "1");

        remote.reset();
        assertThat(remote.stats().requests()).isZero();
        assertThat(client.get("/api/v1/chat/" + id).status()).isEqualTo(404);
    }

    @Test
    void readsFaultStateAndDocumentsAndClearsScripts() {
        EmulatorClient remote = EmulatorClient.at(emulator.baseUrl()).reset();

        assertThat(remote.faultState().get("cutStreamAfter").isNull()).isTrue();
        remote.failNext(2, 503, Map.of("Retry-After", "1")).cutStreamAfter(4);
        JsonNode state = remote.faultState();
        assertThat(state.get("failNext").get("count").asInt()).isEqualTo(2);
        assertThat(state.get("failNext").get("headers").get("Retry-After").asText()).isEqualTo("1");
        assertThat(state.get("cutStreamAfter").asInt()).isEqualTo(4);
        remote.clearFaults();

        remote.addDocument("idx-listed", "doc-listed", "Listed.");
        assertThat(remote.documents()).containsEntry("idx-listed", List.of("doc-listed"))
                .containsKey("demo-index");

        remote.scriptReply("Who won?", "{\"type\":\"text_delta\",\"content\":\"The home team.\"}").clearScripts();
        String id = client.createSession("[\"demo-index\"]");
        assertThat(client.stream(id, "Who won?").events()).extracting(SseEvent::type).contains("tool_call");
    }

    @Test
    void refusalsAndUnreachableEmulatorsAreReported() {
        EmulatorClient remote = EmulatorClient.at(emulator.baseUrl());
        assertThatThrownBy(() -> remote.failNext(1, 700)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("400");
        assertThatThrownBy(() -> remote.scriptReply("x", "{not json")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EmulatorClient.at("http://127.0.0.1:1").reset())
                .isInstanceOf(IllegalStateException.class);
    }
}
