package io.quarkiverse.llamacloud.chat.emulator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A small HTTP/1.1 client for the emulator, on {@code java.net.http}. */
final class TestClient {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final Duration TIMEOUT = Duration.ofSeconds(15);

    final HttpClient http;
    final String baseUrl;
    final String apiKey;
    /** The {@code index_ids} each session created here is bound to: a turn must send them, as the SDKs do. */
    private final Map<String, String> indexIds = new ConcurrentHashMap<>();

    TestClient(String baseUrl, String apiKey) {
        this(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .build(), baseUrl, apiKey);
    }

    TestClient(HttpClient http, String baseUrl, String apiKey) {
        this.http = http;
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
    }

    static TestClient of(LlamaCloudEmulator emulator) {
        return new TestClient(emulator.baseUrl(), emulator.apiKey());
    }

    /** A fresh client (fresh connections) on the same emulator. */
    TestClient fresh() {
        return new TestClient(baseUrl, apiKey);
    }

    record Response(int status, HttpHeaders headers, String body) {
        JsonNode json() {
            try {
                return MAPPER.readTree(body);
            } catch (JsonProcessingException e) {
                throw new AssertionError("Not JSON (status " + status + "): " + body, e);
            }
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        List<SseEvent> events() {
            return Sse.parse(body).events();
        }
    }

    Response get(String path) {
        return send("GET", path, null);
    }

    Response post(String path, String json) {
        return send("POST", path, json);
    }

    Response delete(String path) {
        return send("DELETE", path, null);
    }

    Response send(String method, String path, String body, String... headers) {
        HttpRequest.Builder builder = request(method, path, body);
        if (apiKey != null) {
            builder.header("Authorization", "Bearer " + apiKey);
        }
        for (int i = 0; i < headers.length; i += 2) {
            builder.setHeader(headers[i], headers[i + 1]);
        }
        return execute(builder.build());
    }

    /** Sends without the {@code Authorization} header unless given in {@code headers}. */
    Response sendUnauthenticated(String method, String path, String body, String... headers) {
        HttpRequest.Builder builder = request(method, path, body);
        for (int i = 0; i < headers.length; i += 2) {
            builder.setHeader(headers[i], headers[i + 1]);
        }
        return execute(builder.build());
    }

    Response execute(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpRequest.Builder request(String method, String path, String body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(TIMEOUT);
        if (body != null) {
            builder.header("Content-Type", "application/json");
        }
        return builder.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
    }

    // ---- sessions

    String createSession(String indexIdsJson) {
        Response response = post("/api/v1/chat", indexIdsJson == null ? "{}" : "{\"index_ids\":" + indexIdsJson + "}");
        return remember(response);
    }

    String createSessionIn(String projectId) {
        return remember(post("/api/v1/chat?project_id=" + projectId, "{}"));
    }

    private String remember(Response response) {
        if (response.status() != 200) {
            throw new AssertionError("create failed: " + response.status() + " " + response.body());
        }
        String id = response.json().get("session_id").asText();
        JsonNode ids = response.json().get("index_ids");
        indexIds.put(id, ids == null || ids.isNull() ? "[]" : ids.toString());
        return id;
    }

    /** A turn's body as the SDKs send it: the prompt and the session's {@code index_ids}. */
    String turnBody(String sessionId, String prompt) {
        return "{\"prompt\":" + quote(prompt) + ",\"index_ids\":" + indexIds.getOrDefault(sessionId, "[]") + "}";
    }

    Response stream(String sessionId, String prompt) {
        return post("/api/v1/chat/" + sessionId + "/messages/stream", turnBody(sessionId, prompt));
    }

    /** Opens a stream and gives its body as an input stream. */
    HttpResponse<InputStream> openStream(String sessionId, String prompt) {
        HttpRequest request = request("POST", "/api/v1/chat/" + sessionId + "/messages/stream",
                turnBody(sessionId, prompt)).header("Authorization", "Bearer " + apiKey).build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String quote(String text) {
        try {
            return MAPPER.writeValueAsString(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new AssertionError("Not JSON: " + text, e);
        }
    }

    /** A line of a stream body and when it arrived. */
    record TimedLine(String line, long nanos) {
    }

    /** The outcome of reading a stream body line by line until its end or an I/O error. */
    record TimedBody(List<TimedLine> lines, IOException failure) {
        String text() {
            StringBuilder text = new StringBuilder();
            lines.forEach(line -> text.append(line.line()).append('\n'));
            return text.toString();
        }

        /** @return the arrival time of each {@code data:} line */
        List<Long> dataTimes() {
            List<Long> times = new ArrayList<>();
            lines.stream().filter(line -> line.line().startsWith("data:")).forEach(line -> times.add(line.nanos()));
            return times;
        }
    }

    static TimedBody readTimed(InputStream body) {
        List<TimedLine> lines = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                lines.add(new TimedLine(line, System.nanoTime()));
            }
            return new TimedBody(lines, null);
        } catch (IOException e) {
            return new TimedBody(lines, e);
        }
    }
}
