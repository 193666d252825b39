package io.quarkiverse.llamacloud.chat.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkiverse.llamacloud.chat.emulator.EmulatorOptions;
import io.quarkiverse.llamacloud.chat.emulator.LlamaCloudEmulator;

/** The benchmark fast path, installed in an emulator as {@link BenchEmulator} installs it. */
@Timeout(60)
class BenchResponderTest {

    private static LlamaCloudEmulator emulator;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() {
        emulator = LlamaCloudEmulator.start(EmulatorOptions.defaults().withPort(0)).respondWith(new BenchResponder());
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @Test
    void benchPromptStreamsThatManyDeltasOfThatSizeThenStopAndRecordsNothing() throws Exception {
        String id = createSession();
        long started = emulator.stats().streamsStarted();
        HttpResponse<String> response = send(turn(id, "bench:1000:40"), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("text/event-stream; charset=utf-8");
        List<String> data = dataLines(response.body());
        assertThat(data).hasSize(1001);
        for (String line : data.subList(0, 1000)) {
            JsonNode json = Json.parse(line);
            assertThat(json.path("type").asText()).isEqualTo("text_delta");
            assertThat(json.path("content").asText()).isEqualTo("abcdefghijklmnopqrstuvwxyz 0123456789 ab");
        }
        assertThat(response.body()).contains("event: delta\n").contains("event: message\n");
        JsonNode stop = Json.parse(data.get(1000));
        assertThat(stop.path("type").asText()).isEqualTo("stop");
        assertThat(stop.path("is_error").asBoolean(true)).isFalse();
        assertThat(stop.path("usage").path("total_output_tokens").asLong()).isEqualTo(1000);
        assertThat(stop.path("usage").path("duration_ms").isNumber()).isTrue();
        assertThat(emulator.stats().streamsStarted()).isEqualTo(started + 1);
        await("the stream to close", () -> emulator.stats().openStreams() == 0);
        HttpResponse<String> history = send(request("/api/v1/chat/" + id).GET(), HttpResponse.BodyHandlers.ofString());
        assertThat(Json.parse(history.body()).path("events")).isEmpty();
    }

    @Test
    void eventsAreBatchedIntoLargeChunks() throws Exception {
        String id = createSession();
        String body = "{\"prompt\":\"bench:5000:40\",\"index_ids\":[]}";
        try (Socket socket = new Socket("127.0.0.1", emulator.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/chat/" + id + "/messages/stream HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Authorization: Bearer " + emulator.apiKey() + "\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body)
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String raw = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            String[] headAndChunks = raw.split("\r\n\r\n", 2);
            assertThat(headAndChunks[0]).startsWith("HTTP/1.1 200").containsIgnoringCase("transfer-encoding: chunked");
            int chunks = 0;
            StringBuilder decoded = new StringBuilder();
            String rest = headAndChunks[1];
            while (true) {
                int lineEnd = rest.indexOf("\r\n");
                int size = Integer.parseInt(rest.substring(0, lineEnd).trim(), 16);
                if (size == 0) {
                    break;
                }
                chunks++;
                decoded.append(rest, lineEnd + 2, lineEnd + 2 + size);
                rest = rest.substring(lineEnd + 2 + size + 2);
            }
            assertThat(dataLines(decoded.toString())).hasSize(5001);
            assertThat(chunks).isLessThan(50);
        }
    }

    @Test
    void zeroEventsIsOnlyStopAndOddSizesWork() throws Exception {
        String id = createSession();
        assertThat(types(id, "bench:0:40")).containsExactly("stop");
        assertThat(types(id, "bench:3:0")).containsExactly("text_delta", "text_delta", "text_delta", "stop");
        // more bytes than one batch holds: one event per write
        List<String> data = dataLines(send(turn(id, "bench:2:100000"), HttpResponse.BodyHandlers.ofString()).body());
        assertThat(data).hasSize(3);
        assertThat(Json.parse(data.get(1)).path("content").asText()).hasSize(100_000);
    }

    @Test
    void aMillionEventsStreamWithoutBeingBuffered() throws Exception {
        String id = createSession();
        HttpResponse<InputStream> response = send(turn(id, "bench:1000000:40"), HttpResponse.BodyHandlers.ofInputStream());
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
        String id = createSession();
        HttpResponse<InputStream> response = send(turn(id, "bench:2000000000:40"),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            assertThat(body.readNBytes(100_000)).hasSize(100_000);
            assertThat(emulator.stats().openStreams()).isEqualTo(1);
        }
        await("the stream to stop", () -> emulator.stats().openStreams() == 0);
    }

    @Test
    void idleStreamsSendOnlyKeepAlivesUntilTheClientLeaves() throws Exception {
        String id = createSession();
        HttpResponse<InputStream> response = send(turn(id, "idle:50"), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            for (int i = 0; i < 3; i++) {
                assertThat(reader.readLine()).isEqualTo(": keep-alive");
                assertThat(reader.readLine()).isEmpty();
            }
            assertThat(emulator.stats().openStreams()).isEqualTo(1);
        }
        await("the idle stream to close", () -> emulator.stats().openStreams() == 0);
        assertThat(BenchResponder.parse("idle")).isEqualTo(new BenchResponder.Spec(0, 0, 15_000));
    }

    @Test
    void otherPromptsAndBadSpecsAreLeftToTheAgent() throws Exception {
        String id = createSession();
        assertThat(types(id, "bench:1:" + (BenchResponder.MAX_CONTENT_BYTES + 1))).contains("thinking", "text", "stop");
        assertThat(types(id, "What were the main findings in Q3?")).contains("thinking", "text", "stop");
        assertThat(BenchResponder.parse("bench:1")).isNull();
        assertThat(BenchResponder.parse("what is idle time?")).isNull();
    }

    // ---- helpers

    private static String createSession() throws Exception {
        HttpResponse<String> response = send(request("/api/v1/chat")
                .POST(HttpRequest.BodyPublishers.ofString("{\"index_ids\":[]}")), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Json.parse(response.body()).path("session_id").asText();
    }

    private static HttpRequest.Builder turn(String sessionId, String prompt) {
        return request("/api/v1/chat/" + sessionId + "/messages/stream").POST(HttpRequest.BodyPublishers
                .ofString("{\"prompt\":\"" + prompt + "\",\"index_ids\":[]}"));
    }

    private static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(emulator.baseUrl() + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + emulator.apiKey()).header("Content-Type", "application/json");
    }

    private static <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> body)
            throws IOException, InterruptedException {
        return HTTP.send(request.build(), body);
    }

    private static List<String> types(String sessionId, String prompt) throws Exception {
        List<String> types = new ArrayList<>();
        for (String line : dataLines(send(turn(sessionId, prompt), HttpResponse.BodyHandlers.ofString()).body())) {
            types.add(Json.parse(line).path("type").asText());
        }
        return types;
    }

    private static List<String> dataLines(String body) {
        return body.lines().filter(line -> line.startsWith("data: ")).map(line -> line.substring(6)).toList();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }
}
