package io.quarkiverse.llamacloud.chat.emulator;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.FileSystemOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;

/**
 * An in-memory stand-in for LlamaCloud's Chat API ({@code /api/v1/chat...}), with fault injection and counters, on
 * Vert.x core. HTTP/1.1 only, plain HTTP.
 * <p>
 * Everything the Java API does is also reachable over the admin API on the same port ({@code /_emulator/...}, see
 * the module's README), for tests in another class loader or process.
 *
 * <pre>
 * try (LlamaCloudEmulator emulator = LlamaCloudEmulator.start()) {
 *     emulator.faults().failNext(1, 503, Map.of("Retry-After", "1"));
 *     // point the client at emulator.baseUrl() with emulator.apiKey()
 * }
 * </pre>
 */
public final class LlamaCloudEmulator implements AutoCloseable {

    /** The API key the emulator accepts unless told otherwise. */
    public static final String DEFAULT_API_KEY = "llx-emulator";

    /** The port {@link #main(String[])} listens on unless told otherwise. */
    public static final int DEFAULT_MAIN_PORT = 8089;

    private static final long START_TIMEOUT_SECONDS = 30;

    private final EmulatorOptions options;
    private final Vertx vertx;
    private final boolean ownsVertx;
    private final EmulatorFaults faults = new EmulatorFaults();
    private final EmulatorStats stats = new EmulatorStats();
    private final ChatStore store = new ChatStore();
    private final Corpus corpus = new Corpus();
    private final Map<String, List<ObjectNode>> scripts = new ConcurrentHashMap<>();
    private final ChatApi chatApi;
    private final AdminApi adminApi;
    private HttpServer server;
    private int port;
    private volatile boolean closed;

    private LlamaCloudEmulator(EmulatorOptions options, Vertx vertx, boolean ownsVertx) {
        this.options = options;
        this.vertx = vertx;
        this.ownsVertx = ownsVertx;
        this.chatApi = new ChatApi(vertx, options.apiKey(), store, corpus, scripts, faults, stats);
        this.adminApi = new AdminApi(this);
        if (options.demoCorpus()) {
            corpus.loadDemo();
        }
    }

    /**
     * Starts an emulator on {@code 127.0.0.1}, a random free port, with {@link #DEFAULT_API_KEY} and the demo corpus.
     *
     * @return the running emulator; close it when done
     */
    public static LlamaCloudEmulator start() {
        return start(EmulatorOptions.defaults());
    }

    /**
     * Starts an emulator on a Vert.x instance of its own, closed by {@link #close()}.
     *
     * @param options host, port, API key, demo corpus
     * @return the running emulator; close it when done
     * @throws IllegalStateException if the server cannot listen
     */
    public static LlamaCloudEmulator start(EmulatorOptions options) {
        Objects.requireNonNull(options, "options");
        Vertx vertx = Vertx.vertx(new VertxOptions()
                .setEventLoopPoolSize(1)
                .setWorkerPoolSize(1)
                .setInternalBlockingPoolSize(1)
                .setFileSystemOptions(new FileSystemOptions()
                        .setClassPathResolvingEnabled(false)
                        .setFileCachingEnabled(false)));
        try {
            return new LlamaCloudEmulator(options, vertx, true).listen();
        } catch (RuntimeException e) {
            vertx.close();
            throw e;
        }
    }

    /**
     * Starts an emulator on the given Vert.x instance, which {@link #close()} leaves open.
     *
     * @param options host, port, API key, demo corpus
     * @param vertx the Vert.x instance to run on
     * @return the running emulator; close it when done
     * @throws IllegalStateException if the server cannot listen
     */
    public static LlamaCloudEmulator start(EmulatorOptions options, Vertx vertx) {
        return new LlamaCloudEmulator(Objects.requireNonNull(options, "options"),
                Objects.requireNonNull(vertx, "vertx"), false).listen();
    }

    private LlamaCloudEmulator listen() {
        HttpServer httpServer = vertx.createHttpServer(new HttpServerOptions()
                .setHost(options.host())
                .setPort(options.port())
                .setHttp2ClearTextEnabled(false)
                .setCompressionSupported(false));
        httpServer.connectionHandler(connection -> {
            stats.connectionOpened(connection);
            connection.closeHandler(v -> stats.connectionClosed(connection));
            // resets by clients (cancelled streams, timeouts) are expected here: keep them out of the logs
            connection.exceptionHandler(failure -> {
            });
        });
        httpServer.requestHandler(this::onRequest);
        try {
            server = await(httpServer.listen());
        } catch (RuntimeException e) {
            throw new IllegalStateException("Could not start the LlamaCloud Chat emulator on " + options.host() + ":"
                    + options.port() + ": " + e.getMessage(), e);
        }
        port = server.actualPort();
        return this;
    }

    /** @return {@code http://<host>:<port>}; a wildcard host is given as {@code 127.0.0.1} */
    public String baseUrl() {
        String host = options.host();
        if (host.equals("0.0.0.0")) {
            host = "127.0.0.1";
        } else if (host.equals("::") || host.equals("[::]")) {
            host = "[::1]";
        } else if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return "http://" + host + ":" + port;
    }

    /** @return the port the emulator listens on */
    public int port() {
        return port;
    }

    /** @return the API key the emulator accepts */
    public String apiKey() {
        return options.apiKey();
    }

    /** @return the options the emulator was started with (the port as requested, maybe 0) */
    public EmulatorOptions options() {
        return options;
    }

    /** @return fault injection */
    public EmulatorFaults faults() {
        return faults;
    }

    /** @return counters */
    public EmulatorStats stats() {
        return stats;
    }

    /**
     * Adds a document to an index's corpus, creating the index if needed; replaces a document with the same id. The
     * agent retrieves passages (paragraphs, split on blank lines) from it. Documents are shared by all projects and
     * survive {@link #reset()}.
     *
     * @param indexId the index id, e.g. {@code idx-abc123}
     * @param documentId the document id, cited by the agent as {@code [documentId]}
     * @param text the document's text
     */
    public void addDocument(String indexId, String documentId, String text) {
        requireNonBlank(indexId, "indexId");
        requireNonBlank(documentId, "documentId");
        Objects.requireNonNull(text, "text");
        corpus.add(indexId, documentId, text);
    }

    /**
     * For this exact prompt (in any session and project), streams these events instead of the agent's, until
     * {@link #reset()}. Each event is one raw JSON object with a {@code type}, e.g.
     * {@code {"type":"text_delta","content":"hi"}}; {@code *_delta} types go out as SSE {@code delta} events, the
     * others as {@code message}. A {@code stop} with usage is appended if the script has none.
     *
     * @param prompt the prompt to answer
     * @param eventJson the events, in order
     * @throws IllegalArgumentException if an event is not a JSON object with a string {@code type}
     */
    public void scriptReply(String prompt, List<String> eventJson) {
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(eventJson, "eventJson");
        List<ObjectNode> events = new ArrayList<>();
        for (String json : eventJson) {
            JsonNode event;
            try {
                event = Json.parse(Objects.requireNonNull(json, "event"));
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("Not a JSON object: " + json, e);
            }
            if (event == null || !event.isObject() || !event.path("type").isTextual()) {
                throw new IllegalArgumentException("Each event must be a JSON object with a string \"type\": " + json);
            }
            events.add((ObjectNode) event);
        }
        scripts.put(prompt, List.copyOf(events));
    }

    /** Removes every scripted reply. */
    public void clearScripts() {
        scripts.clear();
    }

    /**
     * Clears sessions (of every project), scripted replies, faults and counters; keeps the demo corpus and added
     * documents. Streams in progress go on.
     */
    public void reset() {
        store.clear();
        scripts.clear();
        faults.clear();
        stats.reset();
    }

    /** Stops the server (closing its connections) and the Vert.x instance it created. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (server != null) {
                await(server.close());
            }
        } finally {
            if (ownsVertx) {
                await(vertx.close());
            }
        }
    }

    Corpus corpus() {
        return corpus;
    }

    /**
     * Sets a custom responder, asked before the agent for every turn; the benchmarks use one to stream synthetic
     * events at full speed. {@link #reset()} keeps it.
     *
     * @param responder the responder, or {@code null} for none (the default)
     * @return this emulator
     */
    public LlamaCloudEmulator respondWith(TurnResponder responder) {
        chatApi.respondWith(responder);
        return this;
    }

    // ---- request dispatch

    private void onRequest(HttpServerRequest request) {
        try {
            dispatch(request);
        } catch (RuntimeException e) {
            internalError(request, e);
        }
    }

    private static void internalError(HttpServerRequest request, RuntimeException e) {
        System.err.println("LlamaCloud Chat emulator: error handling " + request.method() + " " + request.uri());
        e.printStackTrace();
        Json.sendDetail(request.response(), 500, "Internal Server Error");
    }

    private void dispatch(HttpServerRequest request) {
        long startNanos = System.nanoTime();
        request.response().putHeader(Json.REQUEST_ID, Json.newRequestId());
        String path = request.path();
        boolean admin = path.equals(AdminApi.BASE) || path.startsWith(AdminApi.BASE + "/");
        if (admin) {
            stats.adminRequest(request.connection());
        } else {
            stats.apiRequest(request.method().name(), path, request.getHeader("X-Stainless-Retry-Count"),
                    request.connection());
        }
        Chaos.Draws chaos = admin || !isTurn(request) ? null : faults.chaosDraws();
        Chaos.Fault drawn = chaos == null ? Chaos.Fault.NONE : chaos.next();
        if (drawn == Chaos.Fault.REFUSE) {
            Connections.reset(request.connection());
            return;
        }
        request.body().onComplete(read -> {
            if (read.failed()) {
                return;
            }
            Buffer body = read.result();
            try {
                afterBody(request, body, admin, startNanos, drawn);
            } catch (RuntimeException e) {
                internalError(request, e);
            }
        });
    }

    private void afterBody(HttpServerRequest request, Buffer body, boolean admin, long startNanos,
            Chaos.Fault drawn) {
        if (admin) {
            adminApi.handle(request, body);
            return;
        }
        if (faults.takeReset() || drawn == Chaos.Fault.RESET_BEFORE_STATUS) {
            request.connection().close();
            return;
        }
        EmulatorFaults.Failure failure = drawn == Chaos.Fault.ERROR_STATUS
                ? new EmulatorFaults.Failure(503, Map.of("Retry-After-Ms", "10"))
                : faults.takeFailure();
        Chaos.Draws draws = faults.chaosDraws();
        Duration latency = drawn == Chaos.Fault.LATE_HEAD && draws != null ? draws.chaos().lateHeadDelay()
                : faults.latency();
        if (failure == null && isTurn(request)) {
            // A turn is recorded when it arrives; only its response head is late, as from a slow service.
            chatApi.handle(request, body, startNanos, latency, drawn);
            return;
        }
        Runnable respond = failure != null
                ? () -> fail(request, failure)
                : () -> chatApi.handle(request, body, startNanos, Duration.ZERO, Chaos.Fault.NONE);
        if (latency.toMillis() > 0) {
            vertx.setTimer(latency.toMillis(), id -> {
                try {
                    respond.run();
                } catch (RuntimeException e) {
                    internalError(request, e);
                }
            });
        } else {
            respond.run();
        }
    }

    private static boolean isTurn(HttpServerRequest request) {
        return request.method() == io.vertx.core.http.HttpMethod.POST && request.path().startsWith(ChatApi.BASE + "/")
                && request.path().endsWith("/messages/stream");
    }

    private static void fail(HttpServerRequest request, EmulatorFaults.Failure failure) {
        failure.headers().forEach((name, value) -> request.response().putHeader(name, value));
        Json.sendDetail(request.response(), failure.status(),
                HttpResponseStatus.valueOf(failure.status()).reasonPhrase() + " (emulated fault)");
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException ? (RuntimeException) cause
                    : new IllegalStateException(String.valueOf(cause.getMessage()), cause);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Timed out after " + START_TIMEOUT_SECONDS + " s", e);
        }
    }

    private static void requireNonBlank(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }

    // ---- standalone

    private static final String USAGE = "Usage: java -jar quarkus-llamacloud-chat-emulator-runner.jar"
            + " [--port N (default " + DEFAULT_MAIN_PORT + ", 0 = any free port)] [--host H (default 127.0.0.1)]"
            + " [--api-key K (default " + DEFAULT_API_KEY + ")] [--no-demo-corpus]";

    /**
     * Runs the emulator until the process is killed. Options: {@code --port N} (default 8089, 0 = any free port),
     * {@code --host H} (default 127.0.0.1), {@code --api-key K} (default {@value #DEFAULT_API_KEY}),
     * {@code --no-demo-corpus}, {@code --help}.
     * Prints one line,
     * {@code LlamaCloud Chat emulator listening on http://host:port (API key: ...)}.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        LlamaCloudEmulator emulator;
        try {
            emulator = run(args, System.out);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        if (emulator == null) {
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(emulator::close, "llamacloud-emulator-shutdown"));
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            emulator.close();
        }
    }

    /**
     * Parses the command line, starts the emulator and prints the "listening" line.
     *
     * @return the running emulator, or {@code null} if only help was asked for
     * @throws IllegalArgumentException for a bad command line
     */
    static LlamaCloudEmulator run(String[] args, PrintStream out) {
        EmulatorOptions options = EmulatorOptions.defaults().withPort(DEFAULT_MAIN_PORT);
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = null;
            int equals = arg.indexOf('=');
            if (arg.startsWith("--") && equals > 0) {
                value = arg.substring(equals + 1);
                arg = arg.substring(0, equals);
            }
            switch (arg) {
                case "--help":
                case "-h":
                    out.println(USAGE);
                    return null;
                case "--no-demo-corpus":
                    options = options.withDemoCorpus(false);
                    break;
                case "--port":
                case "--host":
                case "--api-key":
                    if (value == null) {
                        if (i + 1 >= args.length) {
                            throw new IllegalArgumentException("Missing value for " + arg);
                        }
                        value = args[++i];
                    }
                    if (arg.equals("--port")) {
                        try {
                            options = options.withPort(Integer.parseInt(value));
                        } catch (NumberFormatException e) {
                            throw new IllegalArgumentException("Not a port number: " + value);
                        }
                    } else if (arg.equals("--host")) {
                        options = options.withHost(value);
                    } else {
                        options = options.withApiKey(value);
                    }
                    break;
                default:
                    throw new IllegalArgumentException("Unknown option: " + args[i]);
            }
        }
        LlamaCloudEmulator emulator = start(options);
        out.println("LlamaCloud Chat emulator listening on http://" + options.host() + ":" + emulator.port()
                + " (API key: " + emulator.apiKey() + ")");
        out.flush();
        return emulator;
    }
}
