package io.quarkiverse.llamacloud.chat.deployment;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

/**
 * A loopback server that answers {@code POST /api/v1/chat/{scenario}/messages/stream} with the exact bytes the
 * scenario (the session id) names: well-formed turns in every framing SSE allows, and the faults only a byte-level
 * server can play. The faults the emulator plays (cuts, resets, stalls, malformed events, error statuses, delays)
 * are tested against the emulator.
 * Every scenario is an unbound session whose history records nothing ({@code GET /api/v1/chat/{scenario}} and its
 * {@code /summary}), so a turn whose outcome is unknown is never found recorded here.
 * <p>
 * One per test JVM, like {@link StubServer}; tests reach its counters over {@code GET /_admin/stats} because
 * QuarkusUnitTest loads test classes twice.
 */
final class ScriptedStreamServer {

    private static final String PORT_PROPERTY = "llamacloud.test.stream-port";

    /** A complete, well-formed turn: every event type, framed as LlamaCloud frames it. */
    static final List<String> TURN = List.of(
            "{\"type\":\"thinking_delta\",\"content\":\"Looking \"}",
            "{\"type\":\"thinking_delta\",\"content\":\"up Q3.\"}",
            "{\"type\":\"thinking\",\"content\":\"Looking up Q3.\"}",
            "{\"type\":\"tool_call\",\"call_id\":\"c1\",\"name\":\"search\",\"arguments\":{\"query\":\"Q3\"}}",
            "{\"type\":\"tool_result\",\"call_id\":\"c1\",\"name\":\"search\",\"result\":[{\"text\":\"Revenue grew 12%\"}],"
                    + "\"image_attachment\":{\"attachment_name\":\"p4.png\",\"source_id\":\"doc-1\"}}",
            "{\"type\":\"text_delta\",\"content\":\"Revenue gr\u00e9w \"}",
            "{\"type\":\"text_delta\",\"content\":\"12% \uD83D\uDE80\"}",
            "{\"type\":\"text\",\"content\":\"Revenue gr\u00e9w 12% \uD83D\uDE80\"}",
            "{\"type\":\"stop\",\"is_error\":false,\"usage\":{\"duration_ms\":12.5,\"total_input_tokens\":100,"
                    + "\"total_output_tokens\":20,\"turns\":1},\"skipped_index_ids\":[\"idx-2\"]}");

    private static final AtomicInteger OPEN = new AtomicInteger();
    private static final AtomicInteger ACTIVE = new AtomicInteger();
    private static final AtomicInteger OPENED = new AtomicInteger();
    private static final AtomicLong FLOOD_BYTES = new AtomicLong();
    private static final AtomicInteger POSTS = new AtomicInteger();
    private static final AtomicInteger READS = new AtomicInteger();
    private static final AtomicReference<JsonObject> LAST_REQUEST = new AtomicReference<>(new JsonObject());
    private static final AtomicReference<JsonObject> LAST_READ = new AtomicReference<>(new JsonObject());

    /** HTTP/1.1 only: an h2c upgrade would keep the admin connections open and skew the counters. */
    private static final HttpClient ADMIN = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private ScriptedStreamServer() {
    }

    static synchronized int port() {
        String port = System.getProperty(PORT_PROPERTY);
        if (port == null) {
            Vertx vertx = Vertx.vertx();
            HttpServer server = vertx.createHttpServer()
                    .connectionHandler(connection -> {
                        OPEN.incrementAndGet();
                        OPENED.incrementAndGet();
                        connection.closeHandler(ignored -> OPEN.decrementAndGet());
                    })
                    .requestHandler(ScriptedStreamServer::handle);
            CompletableFuture<Integer> bound = new CompletableFuture<>();
            server.listen(0, "127.0.0.1").onComplete(result -> {
                if (result.succeeded()) {
                    bound.complete(result.result().actualPort());
                } else {
                    bound.completeExceptionally(result.cause());
                }
            });
            port = String.valueOf(bound.join());
            System.setProperty(PORT_PROPERTY, port);
        }
        return Integer.parseInt(port);
    }

    static String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    /**
     * @return the server's counters: open (streams whose response has neither ended nor lost its connection),
     *         connections (TCP connections open, pooled ones included), opened (connections ever accepted),
     *         floodBytes, posts (turns received), reads (session reads), the last stream request (with its headers)
     *         and the headers of the last session read
     */
    static JsonObject stats() {
        try {
            HttpResponse<String> response = ADMIN.send(
                    HttpRequest.newBuilder(URI.create(baseUrl() + "/_admin/stats")).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new JsonObject(response.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits until the number of open connections is at most {@code expected}. */
    static int awaitOpenAtMost(int expected, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        int open;
        do {
            open = stats().getInteger("open");
            if (open <= expected) {
                return open;
            }
            Thread.sleep(20);
        } while (System.currentTimeMillis() < deadline);
        return open;
    }

    private static void handle(HttpServerRequest request) {
        if (request.path().equals("/_admin/stats")) {
            // The admin request's own connection is open while it is answered, and closed right after.
            request.response().putHeader("Content-Type", "application/json").putHeader("Connection", "close")
                    .end(new JsonObject()
                            .put("open", ACTIVE.get()).put("connections", OPEN.get() - 1).put("opened", OPENED.get())
                            .put("floodBytes", FLOOD_BYTES.get()).put("posts", POSTS.get()).put("reads", READS.get())
                            .put("last", LAST_REQUEST.get()).put("lastRead", LAST_READ.get()).encode());
            return;
        }
        String[] parts = request.path().split("/");
        if (request.method() == io.vertx.core.http.HttpMethod.GET && parts.length >= 5 && parts.length <= 6) {
            READS.incrementAndGet();
            LAST_READ.set(headers(request));
            JsonObject session = new JsonObject().put("session_id", parts[4])
                    .put("last_updated_at", "2025-01-01T00:00:00").putNull("generated_title").putNull("index_ids")
                    .putNull("job_metadata");
            if (parts.length == 5) {
                session.put("events", new io.vertx.core.json.JsonArray());
            }
            request.response().putHeader("Content-Type", "application/json").end(session.encode());
            return;
        }
        if (parts.length != 7 || !request.path().endsWith("/messages/stream")) {
            request.response().setStatusCode(404).end();
            return;
        }
        String scenario = parts[4];
        POSTS.incrementAndGet();
        // A stream is open from its request until its response ends or its connection closes; pooled idle
        // connections of the client do not count.
        ACTIVE.incrementAndGet();
        java.util.concurrent.atomic.AtomicBoolean over = new java.util.concurrent.atomic.AtomicBoolean();
        Runnable finished = () -> {
            if (over.compareAndSet(false, true)) {
                ACTIVE.decrementAndGet();
            }
        };
        request.response().endHandler(ignored -> finished.run());
        request.response().closeHandler(ignored -> finished.run());
        request.body().onSuccess(body -> {
            JsonObject seen = new JsonObject().put("method", request.method().name()).put("uri", request.uri())
                    .put("authorization", request.getHeader("Authorization")).put("accept", request.getHeader("Accept"))
                    .put("contentType", request.getHeader("Content-Type")).put("body", body.toString())
                    .put("headers", headers(request));
            LAST_REQUEST.set(seen);
            play(scenario, request, request.response());
        });
    }

    /** Every header of a request, names in lower case. */
    private static JsonObject headers(HttpServerRequest request) {
        JsonObject headers = new JsonObject();
        request.headers().forEach(header -> headers.put(header.getKey().toLowerCase(java.util.Locale.ROOT),
                header.getValue()));
        return headers;
    }

    private static void play(String scenario, HttpServerRequest request, HttpServerResponse response) {
        Vertx vertx = Vertx.currentContext().owner();
        String name = scenario.replaceAll("-\\d+$", "");
        int n = scenario.matches(".*-\\d+$") ? Integer.parseInt(scenario.substring(scenario.lastIndexOf('-') + 1)) : 0;
        switch (name) {
            case "turn" -> {
                start(response);
                response.write(": keep-alive\n\n");
                TURN.forEach(event -> response.write(frame(event)));
                response.end();
            }
            case "bytewise" -> {
                // BOM, CRLF, comments, multi-byte characters: written one byte per write, with pauses.
                StringBuilder body = new StringBuilder("\uFEFF: hello\r\n\r\n");
                TURN.forEach(event -> body.append(frame(event).replace("\n", "\r\n")));
                start(response);
                writeSlowly(vertx, response, body.toString().getBytes(StandardCharsets.UTF_8), 0, 1);
            }
            case "cr-lines" -> {
                start(response);
                StringBuilder body = new StringBuilder();
                TURN.forEach(event -> body.append("id: x\rretry: 10\revent: message\rdata: ").append(event)
                        .append("\r: comment\rignored-field\r\r"));
                response.end(body.toString());
            }
            case "partial-last" -> {
                start(response);
                TURN.subList(0, TURN.size() - 1).forEach(event -> response.write(frame(event)));
                response.end("event: message\ndata: " + TURN.get(TURN.size() - 1) + "\n");
            }
            case "unknown-event" -> {
                start(response);
                response.write(frame("{\"type\":\"citation\",\"call_id\":\"c1\",\"span\":[1,2]}"));
                response.write("event: message\ndata: [1, 2]\n\n".replace("[1, 2]", "{\"no_type\":true}"));
                response.write("data: [DONE]\n\n");
                TURN.forEach(event -> response.write(frame(event)));
                response.end();
            }
            case "text-only", "deltas-only" -> {
                start(response);
                TURN.stream().filter(event -> name.equals("text-only") ? !event.contains("_delta\"")
                        : !event.contains("\"type\":\"text\"") && !event.contains("\"type\":\"thinking\""))
                        .forEach(event -> response.write(frame(event)));
                response.end();
            }
            case "flood" -> {
                start(response);
                FLOOD_BYTES.set(0);
                String delta = frame("{\"type\":\"text_delta\",\"content\":\"" + "x".repeat(1000) + "\"}");
                flood(response, Buffer.buffer(delta), n);
            }
            case "endless-line" -> {
                start(response);
                response.write("data: ");
                Buffer chunk = Buffer.buffer("y".repeat(64 * 1024));
                vertx.setPeriodic(5, id -> {
                    if (response.closed()) {
                        vertx.cancelTimer(id);
                    } else if (!response.writeQueueFull()) {
                        response.write(chunk);
                    }
                });
            }
            case "json-instead" -> response.putHeader("Content-Type", "application/json").end("{\"detail\":\"nope\"}");
            default -> response.setStatusCode(404).end("{\"detail\":\"Session not found\"}");
        }
    }

    private static void flood(HttpServerResponse response, Buffer event, int remaining) {
        int left = remaining;
        while (left > 0 && !response.writeQueueFull() && !response.closed()) {
            response.write(event);
            FLOOD_BYTES.addAndGet(event.length());
            left--;
        }
        if (response.closed()) {
            return;
        }
        if (left == 0) {
            response.end(frame(TURN.get(TURN.size() - 1)));
            return;
        }
        int next = left;
        response.drainHandler(ignored -> flood(response, event, next));
    }

    private static void writeSlowly(Vertx vertx, HttpServerResponse response, byte[] body, int from, long delayMs) {
        if (response.closed()) {
            return;
        }
        if (from >= body.length) {
            response.end();
            return;
        }
        response.write(Buffer.buffer(new byte[] { body[from] }));
        vertx.setTimer(delayMs, id -> writeSlowly(vertx, response, body, from + 1, delayMs));
    }

    private static void start(HttpServerResponse response) {
        response.setChunked(true).putHeader("Content-Type", "text/event-stream").putHeader("Cache-Control", "no-cache");
    }

    static String frame(String json) {
        String name = json.contains("_delta\"") ? "delta" : "message";
        return "event: " + name + "\ndata: " + json + "\n\n";
    }

}
