package io.quarkiverse.llamacloud.chat.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** Every fault, driven through the Java API. */
class FaultsTest extends EmulatorTestBase {

    @Test
    void failNextWithHeaders() {
        emulator.faults().failNext(2, 503, Map.of("Retry-After", "1", "X-Should-Retry", "true"));

        TestClient.Response first = client.get("/api/v1/chat");
        TestClient.Response second = client.post("/api/v1/chat", "{}");
        TestClient.Response third = client.get("/api/v1/chat");

        for (TestClient.Response failed : List.of(first, second)) {
            assertThat(failed.status()).isEqualTo(503);
            assertThat(failed.header("Retry-After")).isEqualTo("1");
            assertThat(failed.header("X-Should-Retry")).isEqualTo("true");
            assertThat(failed.header("x-request-id")).isNotBlank();
            assertThat(failed.header("content-type")).startsWith("application/json");
            assertThat(failed.json().get("detail").asText()).isNotBlank();
        }
        assertThat(third.status()).isEqualTo(200);
        assertThat(third.json().get("items")).isEmpty(); // the failed create created nothing
        assertThat(emulator.stats().requests()).isEqualTo(3);
    }

    @Test
    void failNextComesBeforeAuthentication() {
        emulator.faults().failNext(1, 429, Map.of("Retry-After-Ms", "150"));
        TestClient.Response response = client.sendUnauthenticated("GET", "/api/v1/chat", null);
        assertThat(response.status()).isEqualTo(429);
        assertThat(response.header("Retry-After-Ms")).isEqualTo("150");
        assertThat(client.sendUnauthenticated("GET", "/api/v1/chat", null).status()).isEqualTo(401);
    }

    @Test
    void failNextOnAStream() {
        String id = client.createSession(null);
        emulator.faults().failNext(1, 500);
        TestClient.Response response = client.stream(id, "hi");
        assertThat(response.status()).isEqualTo(500);
        assertThat(response.header("content-type")).startsWith("application/json");
        assertThat(client.get("/api/v1/chat/" + id).json().get("events")).isEmpty();
    }

    @Test
    void resetConnectionNext() {
        emulator.faults().resetConnectionNext(1);
        TestClient fresh = client.fresh();

        assertThatThrownBy(() -> fresh.post("/api/v1/chat", "{}")).isInstanceOf(UncheckedIOException.class);

        assertThat(fresh.get("/api/v1/chat").status()).isEqualTo(200);
        assertThat(emulator.stats().requests("POST", "/api/v1/chat")).isEqualTo(1);
    }

    @Test
    void latency() {
        emulator.faults().latency(Duration.ofMillis(300));
        long start = System.nanoTime();
        assertThat(client.get("/api/v1/chat").status()).isEqualTo(200);
        assertThat(millisSince(start)).isGreaterThanOrEqualTo(290);

        emulator.faults().latency(Duration.ZERO);
        start = System.nanoTime();
        client.get("/api/v1/chat");
        assertThat(millisSince(start)).isLessThan(290);
    }

    @Test
    void latencyDelaysTheHeadOfAStream() {
        String id = client.createSession(null);
        emulator.faults().latency(Duration.ofMillis(250));
        long start = System.nanoTime();
        HttpResponse<InputStream> response = client.openStream(id, "hi");
        assertThat(millisSince(start)).isGreaterThanOrEqualTo(240);
        TestClient.readTimed(response.body());
    }

    @Test
    void aLateStreamHeadComesAfterTheTurnWasRecorded() {
        String id = client.createSession(null);
        emulator.faults().latency(Duration.ofSeconds(2));
        java.util.concurrent.CompletableFuture<HttpResponse<InputStream>> late = java.util.concurrent.CompletableFuture
                .supplyAsync(() -> client.fresh().openStream(id, "hi"));

        // the service took the turn at once; only its answer is late
        await("the prompt in the history", Duration.ofSeconds(1), () -> client.fresh().get("/api/v1/chat/" + id)
                .json().get("events").size() > 0);
        assertThat(client.fresh().get("/api/v1/chat/" + id).json().get("events").get(0).get("content").asText())
                .isEqualTo("hi");
        TestClient.readTimed(late.join().body());
    }

    @Test
    void stallStreamAfter() {
        scriptFive();
        String id = client.createSession(null);
        emulator.faults().stallStreamAfter(2, Duration.ofMillis(600)).keepAliveEvery(Duration.ofMillis(50));

        TestClient.TimedBody body = TestClient.readTimed(client.openStream(id, "five").body());

        assertThat(body.failure()).isNull();
        List<Long> times = body.dataTimes();
        assertThat(times).hasSize(5);
        long gap = Duration.ofNanos(times.get(2) - times.get(1)).toMillis();
        assertThat(gap).isGreaterThanOrEqualTo(550);
        // nothing at all during the stall, keep-alive comments neither
        long quietFrom = times.get(1) + Duration.ofMillis(60).toNanos();
        long quietTo = times.get(2) - Duration.ofMillis(60).toNanos();
        assertThat(body.lines()).filteredOn(line -> line.nanos() > quietFrom && line.nanos() < quietTo).isEmpty();
        assertThat(lastType(body.text())).isEqualTo("stop");
        // next stream: no stall
        long start = System.nanoTime();
        client.stream(id, "five");
        assertThat(millisSince(start)).isLessThan(500);
    }

    @Test
    void cutStreamAfter() throws Exception {
        scriptFive();
        String id = client.createSession(null);
        emulator.faults().cutStreamAfter(3);

        RawHttp.Exchange exchange = RawHttp.post(emulator.port(), "/api/v1/chat/" + id + "/messages/stream",
                emulator.apiKey(), "{\"prompt\":\"five\",\"index_ids\":[]}");

        assertThat(exchange.head()).startsWith("HTTP/1.1 200");
        assertThat(exchange.complete()).as("no terminating chunk").isFalse();
        List<SseEvent> events = Sse.parse(exchange.body()).events();
        assertThat(events).extracting(SseEvent::type).containsExactly("thinking", "text_delta", "text_delta");
        await("the stream to be closed", Duration.ofSeconds(5), () -> emulator.stats().openStreams() == 0);
        assertThat(exchange.end()).isEqualTo("Connection closed");
        // the turn went on without its connection: the history holds all of it, and its job metadata
        await("the whole turn in the history", Duration.ofSeconds(5),
                () -> client.get("/api/v1/chat/" + id).json().get("events").size() == 6);
        assertThat(client.get("/api/v1/chat/" + id).json().get("job_metadata").isNull()).isFalse();
        // only the next stream was cut
        assertThat(lastType(client.stream(id, "five").body())).isEqualTo("stop");
    }

    @Test
    void cutStreamAfterWithAbandonedTurns() throws Exception {
        scriptFive();
        String id = client.createSession(null);
        emulator.faults().cutStreamAfter(3).abandonTurnOnDisconnect(true);

        RawHttp.Exchange exchange = RawHttp.post(emulator.port(), "/api/v1/chat/" + id + "/messages/stream",
                emulator.apiKey(), "{\"prompt\":\"five\",\"index_ids\":[]}");

        assertThat(exchange.complete()).isFalse();
        await("the stream to be closed", Duration.ofSeconds(5), () -> emulator.stats().openStreams() == 0);
        // the history holds what was sent; no stop, so no job metadata
        JsonNode session = client.get("/api/v1/chat/" + id).json();
        assertThat(session.get("events")).hasSize(4);
        assertThat(session.get("job_metadata").isNull()).isTrue();
    }

    @Test
    void resetStreamAfterSendsAnRstAfterKEvents() throws Exception {
        scriptFive();
        String id = client.createSession(null);
        emulator.faults().resetStreamAfter(2);

        RawHttp.Exchange exchange = RawHttp.post(emulator.port(), "/api/v1/chat/" + id + "/messages/stream",
                emulator.apiKey(), "{\"prompt\":\"five\",\"index_ids\":[]}");

        assertThat(exchange.head()).startsWith("HTTP/1.1 200");
        assertThat(exchange.complete()).isFalse();
        assertThat(exchange.end()).isEqualTo("Connection reset");
        assertThat(Sse.parse(exchange.body()).events()).extracting(SseEvent::type)
                .containsExactly("thinking", "text_delta");
        await("the whole turn in the history", Duration.ofSeconds(5),
                () -> client.get("/api/v1/chat/" + id).json().get("events").size() == 6);
    }

    @Test
    void resetStreamAfterZeroEventsResetsRightAfterTheStatus() throws Exception {
        scriptFive();
        String id = client.createSession(null);
        emulator.faults().resetStreamAfter(0);

        RawHttp.Exchange exchange = RawHttp.post(emulator.port(), "/api/v1/chat/" + id + "/messages/stream",
                emulator.apiKey(), "{\"prompt\":\"five\",\"index_ids\":[]}");

        assertThat(exchange.head()).startsWith("HTTP/1.1 200");
        assertThat(exchange.chunks()).isEmpty();
        assertThat(exchange.end()).isEqualTo("Connection reset");
    }

    @Test
    void cutStreamFailsAnHttpClientRead() {
        scriptFive();
        String id = client.createSession(null);
        emulator.faults().cutStreamAfter(2).eventDelay(Duration.ofMillis(50));

        HttpResponse<InputStream> response = client.openStream(id, "five");
        assertThat(response.statusCode()).isEqualTo(200);
        TestClient.TimedBody body = TestClient.readTimed(response.body());

        assertThat(body.failure()).as("a cut-off chunked body fails to read").isNotNull();
        assertThat(Sse.parse(body.text()).events()).extracting(SseEvent::type).doesNotContain("stop");
    }

    @Test
    void cutStreamAfterZeroEvents() throws Exception {
        String id = client.createSession(null);
        emulator.faults().cutStreamAfter(0);

        // a raw socket: java.net.http may fail the whole exchange when the close follows the head at once
        RawHttp.Exchange exchange = RawHttp.post(emulator.port(), "/api/v1/chat/" + id + "/messages/stream",
                emulator.apiKey(), "{\"prompt\":\"hi\",\"index_ids\":[]}");

        assertThat(exchange.head()).startsWith("HTTP/1.1 200");
        assertThat(exchange.chunks()).isEmpty();
        assertThat(exchange.end()).isEqualTo("Connection closed");
    }

    @Test
    void streamFaultsAreConsumedOnlyByAStreamThatStarts() throws Exception {
        scriptFive();
        emulator.faults().cutStreamAfter(1);
        assertThat(client.stream("ses-unknown", "five").status()).isEqualTo(404);
        String id = client.createSession(null);
        RawHttp.Exchange exchange = RawHttp.post(emulator.port(), "/api/v1/chat/" + id + "/messages/stream",
                emulator.apiKey(), "{\"prompt\":\"five\",\"index_ids\":[]}");
        assertThat(exchange.complete()).isFalse();
        assertThat(Sse.parse(exchange.body()).events()).hasSize(1);
    }

    @Test
    void malformedEventAfter() {
        scriptFive();
        String id = client.createSession(null);
        emulator.faults().malformedEventAfter(1);

        TestClient.Response response = client.stream(id, "five");

        List<SseEvent> events = Sse.parse(response.body()).events();
        assertThat(events).hasSize(6);
        assertThat(events.get(1).event()).isEqualTo("message");
        assertThat(events.get(1).data()).isEqualTo("{not json");
        assertThat(events.get(5).type()).isEqualTo("stop");
        // not stored
        assertThat(client.get("/api/v1/chat/" + id).json().get("events")).hasSize(6);
    }

    @Test
    void unknownEventType() {
        String id = client.createSession("[\"demo-index\"]");
        emulator.faults().unknownEventType("citation_added");

        List<SseEvent> events = client.stream(id, StreamTest.Q3).events();

        List<String> types = events.stream().map(SseEvent::type).collect(Collectors.toList());
        int unknown = types.indexOf("citation_added");
        assertThat(unknown).isPositive();
        assertThat(types.get(unknown - 1)).isEqualTo("tool_result");
        assertThat(types.get(unknown + 1)).isEqualTo("text_delta");
        assertThat(events.get(unknown).event()).isEqualTo("message");
        assertThat(types.get(types.size() - 1)).isEqualTo("stop");
        JsonNode history = client.get("/api/v1/chat/" + id).json().get("events");
        assertThat(history.get(unknown + 1).get("type").asText()).isEqualTo("citation_added");

        // next stream: gone; a *_delta unknown type goes out as a delta event
        assertThat(client.stream(id, "hi").events()).extracting(SseEvent::type).doesNotContain("citation_added");
        emulator.faults().unknownEventType("audio_delta");
        assertThat(client.stream(id, "hi").events()).filteredOn(e -> e.type().equals("audio_delta"))
                .extracting(SseEvent::event).containsExactly("delta");
    }

    @Test
    void failTurn() {
        String id = client.createSession("[\"demo-index\"]");
        emulator.faults().failTurn("Model overloaded");

        List<SseEvent> events = client.stream(id, StreamTest.Q3).events();

        assertThat(events).extracting(SseEvent::type).doesNotContain("text", "text_delta").contains("tool_result");
        JsonNode stop = events.get(events.size() - 1).json();
        assertThat(stop.get("type").asText()).isEqualTo("stop");
        assertThat(stop.get("is_error").asBoolean()).isTrue();
        assertThat(stop.get("error").asText()).isEqualTo("Model overloaded");
        assertThat(stop.get("usage").get("total_output_tokens").asLong()).isZero();
        JsonNode metadata = client.get("/api/v1/chat/" + id + "/summary").json().get("job_metadata");
        assertThat(metadata.get("is_error").asBoolean()).isTrue();
        assertThat(metadata.get("error").asText()).isEqualTo("Model overloaded");

        assertThat(StreamTest.single(client.stream(id, "again").events(), "stop").get("is_error").asBoolean())
                .isFalse();
    }

    @Test
    void chunkSizeOne() throws Exception {
        emulator.scriptReply("utf", List.of("{\"type\":\"text_delta\",\"content\":\"h\u00e9llo \u2713 \uD83D\uDE00\"}",
                "{\"type\":\"text\",\"content\":\"h\u00e9llo \u2713 \uD83D\uDE00\"}"));
        String id = client.createSession(null);
        emulator.faults().chunkSize(1);

        RawHttp.Exchange exchange = RawHttp.post(emulator.port(), "/api/v1/chat/" + id + "/messages/stream",
                emulator.apiKey(), "{\"prompt\":\"utf\",\"index_ids\":[]}");

        assertThat(exchange.head()).startsWith("HTTP/1.1 200").containsIgnoringCase("transfer-encoding: chunked");
        assertThat(exchange.chunks()).hasSizeGreaterThan(100).allSatisfy(chunk -> assertThat(chunk).hasSize(1));
        List<SseEvent> events = Sse.parse(exchange.body()).events();
        assertThat(events).extracting(SseEvent::type).containsExactly("text_delta", "text", "stop");
        assertThat(events.get(0).json().get("content").asText()).isEqualTo("h\u00e9llo \u2713 \uD83D\uDE00");
    }

    @Test
    void chunkSizeSplitsEventsAndOffMeansOneChunkPerEvent() throws Exception {
        scriptFive();
        String id = client.createSession(null);
        emulator.faults().chunkSize(7);
        RawHttp.Exchange seven = RawHttp.post(emulator.port(), "/api/v1/chat/" + id + "/messages/stream",
                emulator.apiKey(), "{\"prompt\":\"five\",\"index_ids\":[]}");
        assertThat(seven.chunks()).allSatisfy(chunk -> assertThat(chunk.length).isBetween(1, 7));
        assertThat(Sse.parse(seven.body()).events()).hasSize(5);

        emulator.faults().chunkSize(0);
        RawHttp.Exchange whole = RawHttp.post(emulator.port(), "/api/v1/chat/" + id + "/messages/stream",
                emulator.apiKey(), "{\"prompt\":\"five\",\"index_ids\":[]}");
        assertThat(whole.chunks()).hasSize(5);
        assertThat(whole.body()).isEqualTo(seven.body().replaceAll("\"duration_ms\":[0-9.]+",
                "\"duration_ms\":" + durationOf(whole.body())));
    }

    @Test
    void keepAliveEvery() {
        scriptFive();
        String id = client.createSession(null);
        emulator.faults().keepAliveEvery(Duration.ofMillis(40)).eventDelay(Duration.ofMillis(150));

        TestClient.Response response = client.stream(id, "five");

        Sse sse = Sse.parse(response.body());
        assertThat(sse.comments()).hasSizeGreaterThanOrEqualTo(4).allSatisfy(c -> assertThat(c).isEqualTo(": keep-alive"));
        assertThat(sse.events()).hasSize(5);
        assertThat(response.body()).contains("\n: keep-alive\n\n");
    }

    @Test
    void eventDelay() {
        scriptFive();
        String id = client.createSession(null);
        emulator.faults().eventDelay(Duration.ofMillis(100));

        long start = System.nanoTime();
        TestClient.TimedBody body = TestClient.readTimed(client.openStream(id, "five").body());

        assertThat(millisSince(start)).isGreaterThanOrEqualTo(390);
        List<Long> times = body.dataTimes();
        assertThat(times).hasSize(5);
        for (int i = 1; i < times.size(); i++) {
            assertThat(Duration.ofNanos(times.get(i) - times.get(i - 1)).toMillis()).isGreaterThanOrEqualTo(80);
        }
        // the stop's duration reflects the pacing
        assertThat(Sse.parse(body.text()).events().get(4).json().get("usage").get("duration_ms").asDouble())
                .isGreaterThanOrEqualTo(390);
    }

    @Test
    void lineEnding() throws Exception {
        scriptFive();
        String id = client.createSession(null);
        emulator.faults().lineEnding("\r\n");
        String body = RawHttp.post(emulator.port(), "/api/v1/chat/" + id + "/messages/stream", emulator.apiKey(),
                "{\"prompt\":\"five\",\"index_ids\":[]}").body();
        assertThat(body).contains("event: message\r\ndata: ").doesNotContain("}\n").endsWith("}\r\n\r\n");
        assertThat(Sse.parse(body).events()).hasSize(5);

        emulator.faults().lineEnding("\r");
        body = RawHttp.post(emulator.port(), "/api/v1/chat/" + id + "/messages/stream", emulator.apiKey(),
                "{\"prompt\":\"five\",\"index_ids\":[]}").body();
        assertThat(body).doesNotContain("\n");
        assertThat(Sse.parse(body).events()).hasSize(5);
        assertThatThrownBy(() -> emulator.faults().lineEnding("\n\n")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void clearCancelsEverything() {
        scriptFive();
        String id = client.createSession(null);
        emulator.faults().failNext(3, 500).resetConnectionNext(2).latency(Duration.ofSeconds(2))
                .stallStreamAfter(1, Duration.ofSeconds(2)).cutStreamAfter(1).malformedEventAfter(1)
                .unknownEventType("x").failTurn("boom").chunkSize(1).keepAliveEvery(Duration.ofMillis(10))
                .eventDelay(Duration.ofSeconds(1));

        emulator.faults().clear();

        long start = System.nanoTime();
        TestClient.Response response = client.stream(id, "five");
        assertThat(millisSince(start)).isLessThan(1000);
        assertThat(response.status()).isEqualTo(200);
        assertThat(Sse.parse(response.body()).comments()).isEmpty();
        assertThat(response.events()).extracting(SseEvent::type).containsExactly("thinking", "text_delta",
                "text_delta", "text", "stop");
        assertThat(response.events().get(4).json().get("is_error").asBoolean()).isFalse();
    }

    @Test
    void invalidFaultsAreRejected() {
        assertThatThrownBy(() -> emulator.faults().failNext(1, 700)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> emulator.faults().failNext(-1, 500)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> emulator.faults().latency(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> emulator.faults().cutStreamAfter(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> emulator.faults().unknownEventType(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    static String lastType(String body) {
        List<SseEvent> events = Sse.parse(body).events();
        return events.isEmpty() ? null : events.get(events.size() - 1).type();
    }

    static String durationOf(String body) {
        List<SseEvent> events = Sse.parse(body).events();
        return events.get(events.size() - 1).json().get("usage").get("duration_ms").toString();
    }
}
