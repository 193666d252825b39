package io.quarkiverse.llamacloud.chat.deployment.devui;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A client of the Dev UI's JSON-RPC WebSocket, as the browser's {@code JsonRpc} speaks it: method
 * {@code <namespace>_<method>}, answers wrapped as {@code result.object}, subscriptions cancelled with
 * {@code unsubscribe}. Written here because Quarkus's own test helper is not on Maven Central for this version, and
 * waits on each answer instead of polling.
 */
final class DevUiJsonRpc implements AutoCloseable {

    static final String NAMESPACE = "quarkus-llamacloud-chat";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(60);

    private final AtomicInteger ids = new AtomicInteger(1000);
    private final Map<Integer, CompletableFuture<JsonNode>> calls = new ConcurrentHashMap<>();
    private final Map<Integer, BlockingQueue<JsonNode>> subscriptions = new ConcurrentHashMap<>();
    private final List<String> received = new CopyOnWriteArrayList<>();
    private volatile WebSocket socket;

    private DevUiJsonRpc() {
    }

    /**
     * @param httpPort the dev-mode application's HTTP port
     * @return a client connected to that application's Dev UI
     */
    static DevUiJsonRpc connect(int httpPort) {
        DevUiJsonRpc client = new DevUiJsonRpc();
        client.socket = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .buildAsync(URI.create("ws://localhost:" + httpPort + "/q/dev-ui/json-rpc-ws"), client.new Receiver())
                .join();
        return client;
    }

    /** Joins the frames of each text message. */
    private final class Receiver implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String message = partial.toString();
                partial.setLength(0);
                onMessage(message);
            }
            webSocket.request(1);
            return null;
        }
    }

    private void onMessage(String message) {
        received.add(message);
        JsonNode json;
        try {
            json = JSON.readTree(message);
        } catch (IOException e) {
            return;
        }
        int id = json.path("id").asInt(-1);
        JsonNode result = json.get("result");
        CompletableFuture<JsonNode> call = calls.get(id);
        if (call != null) {
            if (result != null && "Response".equals(result.path("messageType").asText())) {
                calls.remove(id);
                call.complete(result.get("object"));
            } else if (json.has("error")) {
                calls.remove(id);
                call.completeExceptionally(new IllegalStateException("JSON-RPC error: " + json.get("error")));
            }
            return;
        }
        BlockingQueue<JsonNode> items = subscriptions.get(id);
        if (items != null && result != null && "SubscriptionMessage".equals(result.path("messageType").asText())) {
            items.add(result.get("object"));
        } else if (items != null && json.has("error")) {
            items.add(JSON.createObjectNode().put("kind", "jsonrpc-error").set("error", json.get("error")));
        }
    }

    /**
     * @param method the method, without the namespace
     * @param params its parameters
     * @return the method's result
     */
    JsonNode call(String method, Map<String, ?> params) {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        calls.put(id, answer);
        send(id, NAMESPACE + "_" + method, params);
        try {
            return answer.get(ANSWER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("No answer to " + method + " " + params, e);
        }
    }

    /**
     * @param method the subscription method, without the namespace
     * @param params its parameters
     * @return the subscription, whose items arrive as they are sent
     */
    Subscription subscribe(String method, Map<String, ?> params) {
        int id = ids.incrementAndGet();
        BlockingQueue<JsonNode> items = new LinkedBlockingQueue<>();
        subscriptions.put(id, items);
        send(id, NAMESPACE + "_" + method, params);
        return new Subscription(id, items);
    }

    /** @return every message the Dev UI sent this client, as text */
    List<String> received() {
        return List.copyOf(received);
    }

    private void send(int id, String method, Map<String, ?> params) {
        ObjectNode request = JSON.createObjectNode().put("jsonrpc", "2.0").put("id", id).put("method", method);
        request.set("params", JSON.valueToTree(params));
        socket.sendText(request.toString(), true).join();
    }

    @Override
    public void close() {
        // The application may have stopped first, closing the socket from its side.
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").exceptionally(closed -> null).join();
    }

    /** One subscription's items, in order. */
    final class Subscription {
        private final int id;
        private final BlockingQueue<JsonNode> items;

        private Subscription(int id, BlockingQueue<JsonNode> items) {
            this.id = id;
            this.items = items;
        }

        /**
         * @return the next item
         * @throws IllegalStateException if none arrives within the answer timeout
         */
        JsonNode next() {
            try {
                JsonNode item = items.poll(ANSWER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                if (item == null) {
                    throw new IllegalStateException("No item on subscription " + id + " within " + ANSWER_TIMEOUT);
                }
                return item;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        /** @return the items up to and including the first {@code done} or {@code error}, which ends a turn */
        List<JsonNode> untilEnd() {
            List<JsonNode> all = new ArrayList<>();
            while (true) {
                JsonNode item = next();
                all.add(item);
                String kind = item.path("kind").asText();
                if (!kind.equals("event")) {
                    return all;
                }
            }
        }

        /** Cancels the subscription, as the page's Cancel button does. */
        void cancel() {
            subscriptions.remove(id);
            ObjectNode request = JSON.createObjectNode().put("jsonrpc", "2.0").put("id", id).put("method", "unsubscribe");
            request.putObject("params");
            socket.sendText(request.toString(), true).join();
        }
    }
}
