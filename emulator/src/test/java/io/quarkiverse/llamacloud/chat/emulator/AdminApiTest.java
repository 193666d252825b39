package io.quarkiverse.llamacloud.chat.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** Everything the Java API does, over the admin HTTP API only. */
class AdminApiTest extends EmulatorTestBase {

    TestClient admin;

    @BeforeEach
    void adminClient() {
        admin = new TestClient(emulator.baseUrl(), null);
    }

    TestClient.Response faults(String json) {
        TestClient.Response response = admin.post("/_emulator/faults", json);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response;
    }

    void scriptFiveOverHttp() {
        TestClient.Response response = admin.post("/_emulator/scripts", "{\"prompt\":\"five\",\"events\":["
                + "{\"type\":\"thinking\",\"content\":\"Counting\"},"
                + "{\"type\":\"text_delta\",\"content\":\"One, two, \"},"
                + "{\"type\":\"text_delta\",\"content\":\"three.\"},"
                + "{\"type\":\"text\",\"content\":\"One, two, three.\"}]}");
        assertThat(response.status()).isEqualTo(204);
    }

    @Test
    void adminNeedsNoKeyIsNotCountedAndCarriesRequestIds() {
        TestClient.Response health = admin.get("/_emulator/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("status").asText()).isEqualTo("UP");
        assertThat(health.header("x-request-id")).isNotBlank();
        assertThat(admin.get("/_emulator/stats").json().get("requests").asLong()).isZero();
        assertThat(admin.get("/_emulator/nothing").status()).isEqualTo(404);
        assertThat(admin.send("PUT", "/_emulator/reset", "{}").status()).isEqualTo(405);
    }

    @Test
    void faultStateDefaultsAndClear() {
        JsonNode defaults = admin.get("/_emulator/faults").json();
        assertThat(defaults.get("failNext").get("count").asInt()).isZero();
        assertThat(defaults.get("cutStreamAfter").isNull()).isTrue();
        assertThat(defaults.get("lineEnding").asText()).isEqualTo("\n");

        JsonNode state = faults("{\"failNext\":{\"count\":2,\"status\":503,\"headers\":{\"Retry-After\":\"1\"}},"
                + "\"resetConnectionNext\":1,\"latency\":250,\"stallStreamAfter\":{\"events\":3,\"stall\":\"PT2S\"},"
                + "\"cutStreamAfter\":4,\"malformedEventAfter\":5,\"unknownEventType\":\"citation_added\","
                + "\"failTurn\":\"boom\",\"chunkSize\":1,\"keepAliveEvery\":100,\"eventDelay\":\"PT0.05S\","
                + "\"lineEnding\":\"\\r\\n\"}").json();
        assertThat(state.get("failNext").get("count").asInt()).isEqualTo(2);
        assertThat(state.get("failNext").get("status").asInt()).isEqualTo(503);
        assertThat(state.get("failNext").get("headers").get("Retry-After").asText()).isEqualTo("1");
        assertThat(state.get("resetConnectionNext").asInt()).isEqualTo(1);
        assertThat(state.get("latency").asLong()).isEqualTo(250);
        assertThat(state.get("stallStreamAfter").get("events").asInt()).isEqualTo(3);
        assertThat(state.get("stallStreamAfter").get("stall").asLong()).isEqualTo(2000);
        assertThat(state.get("cutStreamAfter").asInt()).isEqualTo(4);
        assertThat(state.get("malformedEventAfter").asInt()).isEqualTo(5);
        assertThat(state.get("unknownEventType").asText()).isEqualTo("citation_added");
        assertThat(state.get("failTurn").asText()).isEqualTo("boom");
        assertThat(state.get("chunkSize").asInt()).isEqualTo(1);
        assertThat(state.get("keepAliveEvery").asLong()).isEqualTo(100);
        assertThat(state.get("eventDelay").asLong()).isEqualTo(50);
        assertThat(state.get("lineEnding").asText()).isEqualTo("\r\n");
        assertThat(admin.get("/_emulator/faults").json()).isEqualTo(state);

        // null switches one off
        assertThat(faults("{\"cutStreamAfter\":null}").json().get("cutStreamAfter").isNull()).isTrue();

        assertThat(admin.delete("/_emulator/faults").status()).isEqualTo(204);
        assertThat(admin.get("/_emulator/faults").json()).isEqualTo(defaults);
    }

    @Test
    void invalidFaultRequestsChangeNothing() {
        TestClient.Response unknown = admin.post("/_emulator/faults", "{\"cutStreamAfter\":2,\"explode\":true}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().get("detail").asText()).contains("explode");
        TestClient.Response badStatus = admin.post("/_emulator/faults",
                "{\"cutStreamAfter\":2,\"failNext\":{\"count\":1,\"status\":700}}");
        assertThat(badStatus.status()).isEqualTo(400);
        assertThat(admin.post("/_emulator/faults", "{\"latency\":\"soon\"}").status()).isEqualTo(400);
        assertThat(admin.post("/_emulator/faults", "{\"chunkSize\":-1}").status()).isEqualTo(400);
        assertThat(admin.post("/_emulator/faults", "[1]").status()).isEqualTo(400);
        assertThat(admin.post("/_emulator/faults", "{not json").status()).isEqualTo(400);
        assertThat(admin.get("/_emulator/faults").json().get("cutStreamAfter").isNull()).isTrue();
    }

    @Test
    void failNext() {
        faults("{\"failNext\":{\"count\":1,\"status\":429,\"headers\":{\"Retry-After-Ms\":\"150\","
                + "\"X-Should-Retry\":\"false\"}}}");
        TestClient.Response failed = client.get("/api/v1/chat");
        assertThat(failed.status()).isEqualTo(429);
        assertThat(failed.header("Retry-After-Ms")).isEqualTo("150");
        assertThat(failed.header("X-Should-Retry")).isEqualTo("false");
        assertThat(failed.json().get("detail").isTextual()).isTrue();
        assertThat(client.get("/api/v1/chat").status()).isEqualTo(200);
    }

    @Test
    void resetConnectionNext() {
        faults("{\"resetConnectionNext\":1}");
        TestClient fresh = client.fresh();
        assertThatThrownBy(() -> fresh.post("/api/v1/chat", "{}")).isInstanceOf(UncheckedIOException.class);
        assertThat(fresh.get("/api/v1/chat").status()).isEqualTo(200);
    }

    @Test
    void latency() {
        faults("{\"latency\":\"PT0.25S\"}");
        long start = System.nanoTime();
        client.get("/api/v1/chat");
        assertThat(millisSince(start)).isGreaterThanOrEqualTo(240);
        // the admin API is never delayed
        start = System.nanoTime();
        admin.get("/_emulator/stats");
        assertThat(millisSince(start)).isLessThan(240);
    }

    @Test
    void stallStreamAfter() {
        scriptFiveOverHttp();
        String id = client.createSession(null);
        faults("{\"stallStreamAfter\":{\"events\":1,\"stall\":400}}");
        List<Long> times = TestClient.readTimed(client.openStream(id, "five").body()).dataTimes();
        assertThat(times).hasSize(5);
        assertThat(Duration.ofNanos(times.get(1) - times.get(0)).toMillis()).isGreaterThanOrEqualTo(350);
    }

    @Test
    void cutStreamAfter() throws Exception {
        scriptFiveOverHttp();
        String id = client.createSession(null);
        faults("{\"cutStreamAfter\":2}");
        RawHttp.Exchange exchange = RawHttp.post(emulator.port(), "/api/v1/chat/" + id + "/messages/stream",
                emulator.apiKey(), "{\"prompt\":\"five\",\"index_ids\":[]}");
        assertThat(exchange.complete()).isFalse();
        assertThat(Sse.parse(exchange.body()).events()).hasSize(2);
    }

    @Test
    void malformedEventAfter() {
        scriptFiveOverHttp();
        String id = client.createSession(null);
        faults("{\"malformedEventAfter\":0}");
        List<SseEvent> events = Sse.parse(client.stream(id, "five").body()).events();
        assertThat(events.get(0).data()).isEqualTo("{not json");
        assertThat(events).hasSize(6);
    }

    @Test
    void unknownEventType() {
        scriptFiveOverHttp();
        String id = client.createSession(null);
        faults("{\"unknownEventType\":\"brand_new_event\"}");
        assertThat(client.stream(id, "five").events()).extracting(SseEvent::type).containsExactly("thinking",
                "brand_new_event", "text_delta", "text_delta", "text", "stop");
    }

    @Test
    void failTurn() {
        scriptFiveOverHttp();
        String id = client.createSession(null);
        faults("{\"failTurn\":\"Agent crashed\"}");
        List<SseEvent> events = client.stream(id, "five").events();
        assertThat(events).extracting(SseEvent::type).containsExactly("thinking", "stop");
        assertThat(events.get(1).json().get("is_error").asBoolean()).isTrue();
        assertThat(events.get(1).json().get("error").asText()).isEqualTo("Agent crashed");
    }

    @Test
    void chunkSize() throws Exception {
        scriptFiveOverHttp();
        String id = client.createSession(null);
        faults("{\"chunkSize\":1}");
        RawHttp.Exchange exchange = RawHttp.post(emulator.port(), "/api/v1/chat/" + id + "/messages/stream",
                emulator.apiKey(), "{\"prompt\":\"five\",\"index_ids\":[]}");
        assertThat(exchange.chunks()).allSatisfy(chunk -> assertThat(chunk).hasSize(1));
        assertThat(Sse.parse(exchange.body()).events()).hasSize(5);
    }

    @Test
    void keepAliveEveryAndEventDelay() {
        scriptFiveOverHttp();
        String id = client.createSession(null);
        faults("{\"keepAliveEvery\":30,\"eventDelay\":100}");
        long start = System.nanoTime();
        TestClient.Response response = client.stream(id, "five");
        assertThat(millisSince(start)).isGreaterThanOrEqualTo(390);
        Sse sse = Sse.parse(response.body());
        assertThat(sse.comments()).isNotEmpty().allSatisfy(c -> assertThat(c).isEqualTo(": keep-alive"));
        assertThat(sse.events()).hasSize(5);
    }

    @Test
    void lineEnding() throws Exception {
        scriptFiveOverHttp();
        String id = client.createSession(null);
        faults("{\"lineEnding\":\"\\r\\n\"}");
        String body = RawHttp.post(emulator.port(), "/api/v1/chat/" + id + "/messages/stream", emulator.apiKey(),
                "{\"prompt\":\"five\",\"index_ids\":[]}").body();
        assertThat(body).contains("\r\n\r\n");
        assertThat(admin.post("/_emulator/faults", "{\"lineEnding\":\"x\"}").status()).isEqualTo(400);
    }

    @Test
    void stats() {
        String id = client.createSession(null);
        client.send("GET", "/api/v1/chat", null, "X-Stainless-Retry-Count", "0");
        client.send("GET", "/api/v1/chat", null, "X-Stainless-Retry-Count", "1");
        client.stream(id, "hi");

        JsonNode stats = admin.get("/_emulator/stats").json();
        assertThat(stats.get("requests").asLong()).isEqualTo(4);
        assertThat(stats.get("openStreams").asInt()).isZero();
        assertThat(stats.get("openConnections").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(stats.get("streamsStarted").asLong()).isEqualTo(1);
        assertThat(SessionsApiTest.texts(stats.get("retryCountHeaders"))).containsExactly("null", "0", "1", "null");
        assertThat(stats.get("retryCountHeaders").get(0).isNull()).isTrue();
        assertThat(stats.get("requestsByMethodAndPath").get("GET /api/v1/chat").asLong()).isEqualTo(2);
        assertThat(stats.has("matchingRequests")).isFalse();

        JsonNode matching = admin.get("/_emulator/stats?method=POST&pathPrefix=/api/v1/chat/").json();
        assertThat(matching.get("matchingRequests").asLong()).isEqualTo(1);
        assertThat(admin.get("/_emulator/stats?method=GET").json().get("matchingRequests").asLong()).isEqualTo(2);
    }

    @Test
    void scripts() {
        scriptFiveOverHttp();
        String id = client.createSession(null);
        assertThat(client.stream(id, "five").events()).hasSize(5);

        assertThat(admin.post("/_emulator/scripts", "{\"prompt\":\"x\",\"events\":[{\"no\":\"type\"}]}").status())
                .isEqualTo(400);
        assertThat(admin.post("/_emulator/scripts", "{\"events\":[]}").status()).isEqualTo(400);
        // events may also be given as strings of JSON
        assertThat(admin.post("/_emulator/scripts",
                "{\"prompt\":\"s\",\"events\":[\"{\\\"type\\\":\\\"text\\\",\\\"content\\\":\\\"S\\\"}\"]}").status())
                .isEqualTo(204);
        assertThat(client.stream(id, "s").events()).extracting(SseEvent::type).containsExactly("text", "stop");

        assertThat(admin.delete("/_emulator/scripts").status()).isEqualTo(204);
        assertThat(client.stream(id, "five").events()).extracting(SseEvent::type).contains("thinking_delta");
    }

    @Test
    void documents() {
        TestClient.Response added = admin.post("/_emulator/documents",
                "{\"index_id\":\"idx-admin\",\"document_id\":\"doc-admin\",\"text\":\"Penguins live in Antarctica.\"}");
        assertThat(added.status()).isEqualTo(204);
        assertThat(admin.post("/_emulator/documents", "{\"index_id\":\"idx-admin\"}").status()).isEqualTo(400);

        JsonNode indexes = admin.get("/_emulator/documents").json().get("indexes");
        assertThat(indexes).anySatisfy(index -> {
            assertThat(index.get("index_id").asText()).isEqualTo("idx-admin");
            assertThat(SessionsApiTest.texts(index.get("document_ids"))).containsExactly("doc-admin");
        });

        String id = client.createSession("[\"idx-admin\"]");
        assertThat(StreamTest.single(client.stream(id, "Where do penguins live?").events(), "text")
                .get("content").asText()).contains("Antarctica", "[doc-admin]");
    }

    @Test
    void reset() {
        String id = client.createSession(null);
        scriptFiveOverHttp();
        faults("{\"failNext\":{\"count\":5,\"status\":500}}");

        assertThat(admin.post("/_emulator/reset", null).status()).isEqualTo(204);

        assertThat(admin.get("/_emulator/stats").json().get("requests").asLong()).isZero();
        assertThat(admin.get("/_emulator/faults").json().get("failNext").get("count").asInt()).isZero();
        assertThat(client.get("/api/v1/chat/" + id).status()).isEqualTo(404);
        String other = client.createSession(null);
        assertThat(client.stream(other, "five").events()).extracting(SseEvent::type).contains("thinking_delta");
    }
}
