package io.quarkiverse.llamacloud.chat.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** The counters. */
class StatsTest extends EmulatorTestBase {

    @Test
    void countsApiRequestsByMethodAndPath() {
        String id = client.createSession(null);
        client.get("/api/v1/chat/" + id);
        client.get("/api/v1/chat/" + id + "/summary");
        client.stream(id, "hi");
        client.sendUnauthenticated("GET", "/api/v1/chat", null);
        new TestClient(emulator.baseUrl(), null).get("/_emulator/stats");

        EmulatorStats stats = emulator.stats();
        assertThat(stats.requests()).isEqualTo(5);
        assertThat(stats.requests(null, null)).isEqualTo(5);
        assertThat(stats.requests("POST", "/api/v1/chat/")).isEqualTo(1);
        assertThat(stats.requests("POST", "/api/v1/chat")).isEqualTo(2);
        assertThat(stats.requests("get", "/api/v1/chat/")).isEqualTo(2);
        assertThat(stats.requests("GET", null)).isEqualTo(3);
        assertThat(stats.requests(null, "/_emulator")).isZero();
        assertThat(stats.requestsByMethodAndPath()).containsEntry("GET /api/v1/chat/" + id, 1L);
    }

    @Test
    void retryCountHeaders() {
        client.send("GET", "/api/v1/chat", null, "X-Stainless-Retry-Count", "0");
        client.get("/api/v1/chat");
        client.send("GET", "/api/v1/chat", null, "x-stainless-retry-count", "2");

        assertThat(emulator.stats().retryCountHeaders()).containsExactly("0", null, "2");
    }

    @Test
    void streamsStartedAndOpenStreams() {
        String id = client.createSession(null);
        client.stream(id, "hi");
        client.stream(id, "again");
        client.post("/api/v1/chat/" + id + "/messages/stream", "{}"); // 422: no stream

        assertThat(emulator.stats().streamsStarted()).isEqualTo(2);
        await("streams to end", Duration.ofSeconds(5), () -> emulator.stats().openStreams() == 0);
    }

    @Test
    void openStreamsReturnsToZeroWhenTheClientDisconnects() throws Exception {
        scriptFive();
        String id = client.createSession(null);
        emulator.faults().eventDelay(Duration.ofMillis(300)).abandonTurnOnDisconnect(true);
        TestClient fresh = client.fresh();

        HttpResponse<InputStream> response = fresh.openStream(id, "five");
        InputStream body = response.body();
        BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
        String line;
        while ((line = reader.readLine()) != null && !line.startsWith("data:")) {
            // skip to the first event
        }
        assertThat(line).startsWith("data:");
        assertThat(emulator.stats().openStreams()).isEqualTo(1);
        int connectionsWhileOpen = emulator.stats().openConnections();

        body.close();

        await("the stream to be closed", Duration.ofSeconds(5), () -> emulator.stats().openStreams() == 0);
        await("the connection to be closed", Duration.ofSeconds(5),
                () -> emulator.stats().openConnections() < connectionsWhileOpen);
        Thread.sleep(700);
        // the turn stopped: the history holds the user input and what was sent before the disconnect
        assertThat(client.get("/api/v1/chat/" + id).json().get("events").size()).isBetween(2, 3);
        assertThat(emulator.stats().streamsStarted()).isEqualTo(1);
    }

    @Test
    void aTurnGoesOnInTheHistoryAfterTheClientDisconnects() throws Exception {
        scriptFive();
        String id = client.createSession(null);
        emulator.faults().eventDelay(Duration.ofMillis(100));
        TestClient fresh = client.fresh();

        HttpResponse<InputStream> response = fresh.openStream(id, "five");
        BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
        String line;
        while ((line = reader.readLine()) != null && !line.startsWith("data:")) {
            // skip to the first event
        }
        response.body().close();

        await("the stream to be closed", Duration.ofSeconds(5), () -> emulator.stats().openStreams() == 0);
        // the turn is the service's job: it runs to its stop in the history, connection or not
        await("the whole turn in the history", Duration.ofSeconds(5),
                () -> client.get("/api/v1/chat/" + id).json().get("events").size() == 6);
        JsonNode events = client.get("/api/v1/chat/" + id).json().get("events");
        assertThat(events.get(0).get("type").asText()).isEqualTo("user_input");
        assertThat(events.get(5).get("type").asText()).isEqualTo("stop");
        assertThat(client.get("/api/v1/chat/" + id + "/summary").json().get("job_metadata").isNull()).isFalse();
    }

    @Test
    void openConnections() {
        try (LlamaCloudEmulator own = LlamaCloudEmulator.start()) {
            TestClient api = TestClient.of(own);
            TestClient admin = new TestClient(own.baseUrl(), null);
            assertThat(own.stats().openConnections()).isZero();

            api.get("/api/v1/chat");
            assertThat(own.stats().openConnections()).isEqualTo(1); // kept alive by the client's pool

            admin.get("/_emulator/stats");
            assertThat(own.stats().openConnections()).isEqualTo(1); // admin-only connections are not counted

            own.faults().resetConnectionNext(1);
            TestClient reset = api.fresh();
            assertThatThrownBy(() -> reset.post("/api/v1/chat", "{}")).isInstanceOf(UncheckedIOException.class);
            await("the reset connection to be gone", Duration.ofSeconds(5),
                    () -> own.stats().openConnections() == 1);

            String id = api.createSession(null);
            own.faults().cutStreamAfter(1);
            TestClient cut = api.fresh();
            TestClient.readTimed(cut.openStream(id, "hi").body());
            await("the cut connection to be gone", Duration.ofSeconds(5), () -> own.stats().openConnections() == 1);
            assertThat(own.stats().openStreams()).isZero();
        }
    }

    @Test
    void resetClearsCountersButNotGauges() {
        String id = client.createSession(null);
        client.send("GET", "/api/v1/chat", null, "X-Stainless-Retry-Count", "1");
        client.stream(id, "hi");

        emulator.reset();

        EmulatorStats stats = emulator.stats();
        assertThat(stats.requests()).isZero();
        assertThat(stats.requests("GET", "/")).isZero();
        assertThat(stats.streamsStarted()).isZero();
        assertThat(stats.retryCountHeaders()).isEmpty();
        assertThat(stats.openConnections()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void retryCountHeadersIsASnapshot() {
        client.get("/api/v1/chat");
        var snapshot = emulator.stats().retryCountHeaders();
        client.get("/api/v1/chat");
        assertThat(snapshot).hasSize(1);
        assertThatThrownBy(() -> snapshot.add("x")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(Arrays.asList(snapshot.toArray())).containsOnlyNulls();
    }
}
