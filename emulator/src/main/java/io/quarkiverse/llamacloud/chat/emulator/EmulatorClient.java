package io.quarkiverse.llamacloud.chat.emulator;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Drives a running emulator over its admin API, from any class loader or process: the handle a {@code @QuarkusTest}
 * uses to script replies and inject faults into the emulator that Dev Services started.
 *
 * <pre>
 * {@code
 * &#64;ConfigProperty(name = "quarkus.llamacloud.base-url")
 * String llamaCloud;
 *
 * &#64;Test
 * void answersFromTheScript() {
 *     EmulatorClient.at(llamaCloud)
 *             .scriptReply("Hi", "{\"type\":\"text_delta\",\"content\":\"Hello!\"}")
 *             .failNext(1, 503);
 *     ...
 * }
 * }
 * </pre>
 */
public final class EmulatorClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final URI admin;

    private EmulatorClient(URI admin) {
        this.admin = admin;
    }

    /**
     * @param baseUrl the emulator's base URL, as in {@code quarkus.llamacloud.base-url}
     * @return a client of that emulator's admin API
     */
    public static EmulatorClient at(String baseUrl) {
        String trimmed = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        return new EmulatorClient(URI.create(trimmed + AdminApi.BASE));
    }

    /**
     * For this exact prompt, answer with these events instead of the built-in agent; a {@code stop} is appended
     * when the script has none.
     *
     * @param prompt the prompt to answer
     * @param eventJson the events, one JSON object each, such as {@code {"type":"text_delta","content":"Hi"}}
     * @return this client
     */
    public EmulatorClient scriptReply(String prompt, String... eventJson) {
        ObjectNode body = JSON.createObjectNode().put("prompt", prompt);
        ArrayNode events = body.putArray("events");
        for (String event : eventJson) {
            events.add(parse(event));
        }
        send("POST", "/scripts", body);
        return this;
    }

    /**
     * @param count how many API requests to fail
     * @param status the status to answer with
     * @return this client
     */
    public EmulatorClient failNext(int count, int status) {
        return failNext(count, status, Map.of());
    }

    /**
     * @param count how many API requests to fail
     * @param status the status to answer with
     * @param headers headers to add, such as {@code Retry-After}
     * @return this client
     */
    public EmulatorClient failNext(int count, int status, Map<String, String> headers) {
        ObjectNode fault = JSON.createObjectNode().put("count", count).put("status", status);
        ObjectNode headerNode = fault.putObject("headers");
        headers.forEach(headerNode::put);
        return faults(JSON.createObjectNode().set("failNext", fault));
    }

    /**
     * @param count how many API requests get their connection closed without an answer
     * @return this client
     */
    public EmulatorClient resetConnectionNext(int count) {
        return faults(JSON.createObjectNode().put("resetConnectionNext", count));
    }

    /**
     * @param events after how many events the next stream is cut (connection closed, no {@code stop})
     * @return this client
     */
    public EmulatorClient cutStreamAfter(int events) {
        return faults(JSON.createObjectNode().put("cutStreamAfter", events));
    }

    /**
     * @param events after how many events the next stream's connection is reset (TCP RST, no {@code stop})
     * @return this client
     */
    public EmulatorClient resetStreamAfter(int events) {
        return faults(JSON.createObjectNode().put("resetStreamAfter", events));
    }

    /**
     * @param status the error status the next turn is answered with after the service recorded and ran it
     * @return this client
     */
    public EmulatorClient errorAfterRecording(int status) {
        return faults(JSON.createObjectNode().put("errorAfterRecording", status));
    }

    /**
     * @param abandon whether a turn whose connection goes away stops there instead of going on in the history
     * @return this client
     */
    public EmulatorClient abandonTurnOnDisconnect(boolean abandon) {
        return faults(JSON.createObjectNode().put("abandonTurnOnDisconnect", abandon));
    }

    /**
     * Random faults for every turn from now on, until {@link #clearFaults()}: each turn draws at most one, at one
     * stage; see {@link Chaos}.
     *
     * @param chaos the probabilities and the seed
     * @return this client
     */
    public EmulatorClient chaos(Chaos chaos) {
        ObjectNode mix = JSON.createObjectNode().put("seed", chaos.seed()).put("refuse", chaos.refuse())
                .put("errorStatus", chaos.errorStatus()).put("resetBeforeStatus", chaos.resetBeforeStatus())
                .put("lateHead", chaos.lateHead()).put("lateHeadDelay", chaos.lateHeadDelay().toMillis())
                .put("cutAfterStatus", chaos.cutAfterStatus()).put("resetAfterStatus", chaos.resetAfterStatus())
                .put("cutMidStream", chaos.cutMidStream()).put("resetMidStream", chaos.resetMidStream())
                .put("stallMidStream", chaos.stallMidStream()).put("stall", chaos.stall().toMillis());
        return faults(JSON.createObjectNode().set("chaos", mix));
    }

    /** @return how many turns drew each chaos fault so far, by {@link Chaos.Fault} name; empty when off */
    public Map<String, Integer> chaosCounts() {
        JsonNode drawn = send("GET", "/faults", null).path("chaos").path("drawn");
        Map<String, Integer> counts = new java.util.TreeMap<>();
        drawn.fields().forEachRemaining(field -> counts.put(field.getKey(), field.getValue().asInt()));
        return counts;
    }

    /**
     * @param events after how many events the next stream sends an event that is not JSON
     * @return this client
     */
    public EmulatorClient malformedEventAfter(int events) {
        return faults(JSON.createObjectNode().put("malformedEventAfter", events));
    }

    /**
     * @param events after how many events the next stream goes silent
     * @param stall for how long
     * @return this client
     */
    public EmulatorClient stallStreamAfter(int events, Duration stall) {
        ObjectNode fault = JSON.createObjectNode().put("events", events).put("stall", stall.toMillis());
        return faults(JSON.createObjectNode().set("stallStreamAfter", fault));
    }

    /**
     * @param error the error text of the next turn's failing {@code stop}
     * @return this client
     */
    public EmulatorClient failTurn(String error) {
        return faults(JSON.createObjectNode().put("failTurn", error));
    }

    /**
     * @param type the type of an event the next stream inserts, unknown to clients
     * @return this client
     */
    public EmulatorClient unknownEventType(String type) {
        return faults(JSON.createObjectNode().put("unknownEventType", type));
    }

    /**
     * @param bytes write every stream in chunks of this size ({@code 1}: a byte at a time; {@code 0}: off)
     * @return this client
     */
    public EmulatorClient chunkSize(int bytes) {
        return faults(JSON.createObjectNode().put("chunkSize", bytes));
    }

    /**
     * @param interval send keep-alive comments at this interval on every stream ({@link Duration#ZERO}: off)
     * @return this client
     */
    public EmulatorClient keepAliveEvery(Duration interval) {
        return faults(JSON.createObjectNode().put("keepAliveEvery", interval.toMillis()));
    }

    /**
     * @param delay pause between the events of every stream ({@link Duration#ZERO}: off)
     * @return this client
     */
    public EmulatorClient eventDelay(Duration delay) {
        return faults(JSON.createObjectNode().put("eventDelay", delay.toMillis()));
    }

    /**
     * @param delay delay before every API response ({@link Duration#ZERO}: off)
     * @return this client
     */
    public EmulatorClient latency(Duration delay) {
        return faults(JSON.createObjectNode().put("latency", delay.toMillis()));
    }

    /**
     * Applies faults given as the admin API's JSON, such as {@code {"cutStreamAfter": 3, "chunkSize": 1}}.
     *
     * @param faults the faults
     * @return this client
     */
    public EmulatorClient faults(ObjectNode faults) {
        send("POST", "/faults", faults);
        return this;
    }

    /**
     * @return the faults in force now, as the admin API's JSON (see the README's fault state), for showing them
     */
    public ObjectNode faultState() {
        return (ObjectNode) send("GET", "/faults", null);
    }

    /** @return this client, after removing every scripted reply */
    public EmulatorClient clearScripts() {
        send("DELETE", "/scripts", null);
        return this;
    }

    /** @return the indexes that have documents, each with its document ids, in the emulator's order */
    public Map<String, List<String>> documents() {
        Map<String, List<String>> indexes = new LinkedHashMap<>();
        for (JsonNode index : send("GET", "/documents", null).path("indexes")) {
            List<String> ids = new ArrayList<>();
            index.path("document_ids").forEach(id -> ids.add(id.asText()));
            indexes.put(index.path("index_id").asText(), List.copyOf(ids));
        }
        return indexes;
    }

    /** @return this client, after clearing every fault */
    public EmulatorClient clearFaults() {
        send("DELETE", "/faults", null);
        return this;
    }

    /**
     * @param indexId the index, created if new
     * @param documentId the document's id
     * @param text the document's text, searched by the agent
     * @return this client
     */
    public EmulatorClient addDocument(String indexId, String documentId, String text) {
        send("POST", "/documents", JSON.createObjectNode().put("index_id", indexId).put("document_id", documentId)
                .put("text", text));
        return this;
    }

    /** @return this client, after clearing sessions, scripts, faults and counters */
    public EmulatorClient reset() {
        send("POST", "/reset", null);
        return this;
    }

    /** @return the emulator's counters now */
    public Stats stats() {
        JsonNode json = send("GET", "/stats", null);
        List<String> retryCounts = new ArrayList<>();
        json.path("retryCountHeaders").forEach(value -> retryCounts.add(value.isNull() ? null : value.asText()));
        return new Stats(json.path("requests").asLong(), json.path("openConnections").asInt(),
                json.path("openStreams").asInt(), json.path("streamsStarted").asLong(), retryCounts);
    }

    /**
     * @param method an HTTP method, or {@code null} for any
     * @param pathPrefix the start of the request path (no query string), e.g. {@code /api/v1/chat/ses-1/messages/stream}
     * @return how many API requests the emulator received that match
     */
    public long requests(String method, String pathPrefix) {
        StringBuilder query = new StringBuilder();
        if (method != null) {
            query.append("method=").append(java.net.URLEncoder.encode(method, java.nio.charset.StandardCharsets.UTF_8));
        }
        if (pathPrefix != null) {
            query.append(query.length() == 0 ? "" : "&").append("pathPrefix=")
                    .append(java.net.URLEncoder.encode(pathPrefix, java.nio.charset.StandardCharsets.UTF_8));
        }
        return send("GET", "/stats" + (query.length() == 0 ? "" : "?" + query), null).path("matchingRequests").asLong();
    }

    /**
     * The emulator's counters.
     *
     * @param requests API requests received
     * @param openConnections TCP connections open
     * @param openStreams streams in progress
     * @param streamsStarted streams ever started
     * @param retryCountHeaders the {@code X-Stainless-Retry-Count} of each request, {@code null} where absent
     */
    public record Stats(long requests, int openConnections, int openStreams, long streamsStarted,
            List<String> retryCountHeaders) {
    }

    private JsonNode send(String method, String path, JsonNode body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(admin + path)).timeout(Duration.ofSeconds(10));
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException("The emulator refused " + method + " " + path + ": HTTP "
                        + response.statusCode() + " " + response.body());
            }
            return response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("The emulator at " + admin + " cannot be reached", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while calling the emulator", e);
        }
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + json, e);
        }
    }
}
