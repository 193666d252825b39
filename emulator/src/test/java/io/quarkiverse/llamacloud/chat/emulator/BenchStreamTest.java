package io.quarkiverse.llamacloud.chat.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** The benchmark fast path of the standalone emulator ({@code --bench}). */
class BenchStreamTest extends EmulatorTestBase {

    @Override
    @BeforeEach
    void resetEmulator() {
        super.resetEmulator();
        emulator.benchPrompts(true);
    }

    @Test
    void benchPromptStreamsThatManyDeltasOfThatSizeThenStop() {
        String id = client.createSession(null);
        TestClient.Response response = client.stream(id, "bench:1000:40");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("content-type")).isEqualTo("text/event-stream; charset=utf-8");
        List<SseEvent> events = response.events();
        assertThat(events).hasSize(1001);
        for (SseEvent event : events.subList(0, 1000)) {
            assertThat(event.event()).isEqualTo("delta");
            JsonNode json = event.json();
            assertThat(json.path("type").asText()).isEqualTo("text_delta");
            assertThat(json.path("content").asText()).isEqualTo("abcdefghijklmnopqrstuvwxyz 0123456789 ab");
        }
        SseEvent stop = events.get(1000);
        assertThat(stop.event()).isEqualTo("message");
        assertThat(stop.type()).isEqualTo("stop");
        assertThat(stop.json().path("is_error").asBoolean(true)).isFalse();
        assertThat(stop.json().path("usage").path("total_output_tokens").asLong()).isEqualTo(1000);
        assertThat(stop.json().path("usage").path("duration_ms").isNumber()).isTrue();
        assertThat(emulator.stats().streamsStarted()).isEqualTo(1);
        await("the stream to close", Duration.ofSeconds(5), () -> emulator.stats().openStreams() == 0);
        // nothing is recorded: the history stays empty
        assertThat(client.get("/api/v1/chat/" + id).json().path("events")).isEmpty();
    }

    @Test
    void eventsAreBatchedIntoLargeChunks() throws Exception {
        String id = client.createSession(null);
        RawHttp.Exchange exchange = RawHttp.post(emulator.port(), "/api/v1/chat/" + id + "/messages/stream",
                emulator.apiKey(), "{\"prompt\":\"bench:5000:40\",\"index_ids\":[]}");
        assertThat(exchange.complete()).isTrue();
        assertThat(exchange.chunks().size()).isLessThan(50);
        assertThat(Sse.parse(exchange.body()).events()).hasSize(5001);
    }

    @Test
    void zeroEventsIsOnlyStopAndOddSizesWork() {
        String id = client.createSession(null);
        assertThat(client.stream(id, "bench:0:40").events()).extracting(SseEvent::type).containsExactly("stop");
        List<SseEvent> events = client.stream(id, "bench:3:0").events();
        assertThat(events).extracting(SseEvent::type).containsExactly("text_delta", "text_delta", "text_delta", "stop");
        assertThat(events.get(0).json().path("content").asText()).isEmpty();
        // more bytes than one batch holds: one event per write
        events = client.stream(id, "bench:2:100000").events();
        assertThat(events).hasSize(3);
        assertThat(events.get(1).json().path("content").asText()).hasSize(100_000);
    }

    @Test
    void aMillionEventsStreamWithoutBeingBuffered() throws Exception {
        String id = client.createSession(null);
        HttpResponse<InputStream> response = client.openStream(id, "bench:1000000:40");
        long deltas = 0;
        String last = null;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith("data: {\"type\":\"text_delta\"")) {
                    deltas++;
                } else if (line.startsWith("data:")) {
                    last = line;
                }
            }
        }
        assertThat(deltas).isEqualTo(1_000_000);
        assertThat(last).contains("\"type\":\"stop\"", "\"total_output_tokens\":1000000");
    }

    @Test
    void aClientThatGoesAwayStopsTheStream() throws Exception {
        String id = client.createSession(null);
        HttpResponse<InputStream> response = client.openStream(id, "bench:2000000000:40");
        try (InputStream body = response.body()) {
            assertThat(body.readNBytes(100_000)).hasSize(100_000);
            assertThat(emulator.stats().openStreams()).isEqualTo(1);
        }
        await("the stream to stop", Duration.ofSeconds(10), () -> emulator.stats().openStreams() == 0);
    }

    @Test
    void idleStreamsSendOnlyKeepAlivesUntilTheClientLeaves() throws Exception {
        String id = client.createSession(null);
        HttpResponse<InputStream> response = client.openStream(id, "idle:50");
        assertThat(response.statusCode()).isEqualTo(200);
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            for (int i = 0; i < 3; i++) {
                assertThat(reader.readLine()).isEqualTo(": keep-alive");
                assertThat(reader.readLine()).isEmpty();
            }
            assertThat(emulator.stats().openStreams()).isEqualTo(1);
        }
        await("the idle stream to close", Duration.ofSeconds(5), () -> emulator.stats().openStreams() == 0);
        assertThat(BenchStream.parse("idle")).isEqualTo(new BenchStream.Spec(0, 0, 15_000));
    }

    @Test
    void withoutTheFlagOrWithABadSpecTheAgentAnswers() {
        String id = client.createSession(null);
        assertThat(client.stream(id, "bench:1:" + (BenchStream.MAX_CONTENT_BYTES + 1)).events())
                .extracting(SseEvent::type).contains("thinking", "text", "stop");
        emulator.benchPrompts(false);
        assertThat(client.stream(id, "bench:3:4").events()).extracting(SseEvent::type)
                .contains("thinking", "text", "stop");
        assertThat(client.stream(id, "idle").events()).extracting(SseEvent::type).contains("text", "stop");
        assertThat(BenchStream.parse("bench:1")).isNull();
        assertThat(BenchStream.parse("what is idle time?")).isNull();
    }

    @Test
    void mainTakesTheBenchFlag() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (LlamaCloudEmulator standalone = LlamaCloudEmulator.run(new String[] { "--port", "0", "--bench" },
                new PrintStream(out, true, StandardCharsets.UTF_8))) {
            TestClient other = TestClient.of(standalone);
            String id = other.createSession(null);
            assertThat(other.stream(id, "bench:3:4").events()).extracting(SseEvent::type)
                    .containsExactly("text_delta", "text_delta", "text_delta", "stop");
        }
        try (LlamaCloudEmulator plain = LlamaCloudEmulator.run(new String[] { "--port", "0" },
                new PrintStream(out, true, StandardCharsets.UTF_8))) {
            TestClient other = TestClient.of(plain);
            String id = other.createSession(null);
            assertThat(other.stream(id, "bench:3:4").events()).extracting(SseEvent::type).contains("thinking", "stop");
        }
    }
}
