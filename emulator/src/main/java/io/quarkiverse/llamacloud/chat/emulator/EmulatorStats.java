package io.quarkiverse.llamacloud.chat.emulator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.vertx.core.http.HttpConnection;

/**
 * Counters of what the emulator has seen. API requests only: the admin API ({@code /_emulator/...}) is not counted.
 * <p>
 * {@link #requests()}, {@link #requests(String, String)}, {@link #streamsStarted()} and
 * {@link #retryCountHeaders()} are cleared by {@link LlamaCloudEmulator#reset()}; {@link #openConnections()} and
 * {@link #openStreams()} are live gauges and are not.
 */
public final class EmulatorStats {

    /** How many {@code X-Stainless-Retry-Count} values are kept (the most recent ones). */
    public static final int MAX_RETRY_COUNT_HEADERS = 10_000;

    private final AtomicLong requests = new AtomicLong();
    private final Map<String, AtomicLong> requestsByMethodAndPath = new ConcurrentHashMap<>();
    private final Deque<String> retryCounts = new LinkedList<>(); // null entries allowed
    private final AtomicLong streamsStarted = new AtomicLong();
    private final AtomicInteger openStreams = new AtomicInteger();
    private final Map<HttpConnection, ConnectionUse> connections = new ConcurrentHashMap<>();

    EmulatorStats() {
    }

    /** @return the number of API requests received, whatever their outcome (rejected, faulted, streamed) */
    public long requests() {
        return requests.get();
    }

    /**
     * @param method an HTTP method, case-insensitive, or {@code null} for any
     * @param pathPrefix the start of the request path (no query string), e.g. {@code /api/v1/chat/}, or {@code null}
     *        for any
     * @return the number of API requests received with this method whose path starts with this prefix
     */
    public long requests(String method, String pathPrefix) {
        long total = 0;
        for (Map.Entry<String, AtomicLong> entry : requestsByMethodAndPath.entrySet()) {
            String key = entry.getKey();
            int space = key.indexOf(' ');
            String keyMethod = key.substring(0, space);
            String keyPath = key.substring(space + 1);
            if ((method == null || keyMethod.equalsIgnoreCase(method))
                    && (pathPrefix == null || keyPath.startsWith(pathPrefix))) {
                total += entry.getValue().get();
            }
        }
        return total;
    }

    /**
     * @return the number of TCP connections currently open; connections that have so far carried only admin-API
     *         requests are not counted, connections with no request yet are
     */
    public int openConnections() {
        int open = 0;
        for (ConnectionUse use : connections.values()) {
            if (use.api || !use.admin) {
                open++;
            }
        }
        return open;
    }

    /** @return the number of stream responses in progress (neither ended nor cut off nor closed by the client) */
    public int openStreams() {
        return openStreams.get();
    }

    /** @return the number of stream responses started (status 200 sent) */
    public long streamsStarted() {
        return streamsStarted.get();
    }

    /**
     * @return the values of the {@code X-Stainless-Retry-Count} request header, one per API request in arrival
     *         order, {@code null} for requests without it (at most the last {@value #MAX_RETRY_COUNT_HEADERS})
     */
    public List<String> retryCountHeaders() {
        synchronized (retryCounts) {
            return Collections.unmodifiableList(new ArrayList<>(retryCounts));
        }
    }

    /** @return API requests by {@code "METHOD /path"}, in no particular order */
    public Map<String, Long> requestsByMethodAndPath() {
        Map<String, Long> copy = new LinkedHashMap<>();
        requestsByMethodAndPath.forEach((key, count) -> copy.put(key, count.get()));
        return copy;
    }

    void apiRequest(String method, String path, String retryCount, HttpConnection connection) {
        requests.incrementAndGet();
        requestsByMethodAndPath.computeIfAbsent(method.toUpperCase(Locale.ROOT) + " " + path, k -> new AtomicLong())
                .incrementAndGet();
        synchronized (retryCounts) {
            retryCounts.addLast(retryCount);
            while (retryCounts.size() > MAX_RETRY_COUNT_HEADERS) {
                retryCounts.removeFirst();
            }
        }
        ConnectionUse use = connections.get(connection);
        if (use != null) {
            use.api = true;
        }
    }

    void adminRequest(HttpConnection connection) {
        ConnectionUse use = connections.get(connection);
        if (use != null) {
            use.admin = true;
        }
    }

    void connectionOpened(HttpConnection connection) {
        connections.put(connection, new ConnectionUse());
    }

    void connectionClosed(HttpConnection connection) {
        connections.remove(connection);
    }

    void streamOpened() {
        streamsStarted.incrementAndGet();
        openStreams.incrementAndGet();
    }

    void streamClosed() {
        openStreams.decrementAndGet();
    }

    void reset() {
        requests.set(0);
        requestsByMethodAndPath.clear();
        synchronized (retryCounts) {
            retryCounts.clear();
        }
        streamsStarted.set(0);
    }

    ObjectNode toJson(String method, String pathPrefix) {
        ObjectNode json = Json.object();
        json.put("requests", requests());
        if (method != null || pathPrefix != null) {
            json.put("matchingRequests", requests(method, pathPrefix));
        }
        json.put("openConnections", openConnections());
        json.put("openStreams", openStreams());
        json.put("streamsStarted", streamsStarted());
        ArrayNode retries = json.putArray("retryCountHeaders");
        retryCountHeaders().forEach(retries::add);
        ObjectNode byPath = json.putObject("requestsByMethodAndPath");
        requestsByMethodAndPath().forEach(byPath::put);
        return json;
    }

    private static final class ConnectionUse {
        volatile boolean api;
        volatile boolean admin;
    }
}
