package io.quarkiverse.llamacloud.chat.benchmarks;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.quarkiverse.llamacloud.chat.ChatEvent;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.sse.EventSource;
import okhttp3.sse.EventSourceListener;
import okhttp3.sse.EventSources;

/**
 * The peer: OkHttp with okhttp-sse, the stack of LlamaCloud's own Java SDK, decoding each event's data string with
 * Jackson into the same records. The dispatcher's limits (64 calls, 5 per host by default) are lifted so that every
 * stream runs at once.
 */
final class OkHttpSseClient implements BenchClient {

    private static final MediaType JSON = MediaType.get("application/json");

    private final OkHttpClient client;
    private final EventSource.Factory factory;
    private final String baseUrl;
    private final String authorization;

    OkHttpSseClient(String baseUrl, String apiKey) {
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(100_000);
        dispatcher.setMaxRequestsPerHost(100_000);
        this.client = new OkHttpClient.Builder()
                .dispatcher(dispatcher)
                .connectionPool(new ConnectionPool(200, 5, TimeUnit.MINUTES))
                .connectTimeout(Duration.ofSeconds(30))
                .readTimeout(Duration.ofSeconds(60))
                .build();
        this.factory = EventSources.createFactory(client);
        this.baseUrl = baseUrl;
        this.authorization = "Bearer " + apiKey;
    }

    @Override
    public String name() {
        return "peer";
    }

    @Override
    public Handle open(String sessionId, String prompt, Sink sink) {
        Request request = new Request.Builder()
                .url(baseUrl + "/api/v1/chat/" + sessionId + "/messages/stream")
                .header("Authorization", authorization)
                .post(RequestBody.create(Json.promptBody(prompt), JSON))
                .build();
        Listener listener = new Listener(sink);
        EventSource source = factory.newEventSource(request, listener);
        return () -> {
            listener.cancelled = true;
            source.cancel();
        };
    }

    private static final class Listener extends EventSourceListener {
        private final Sink sink;
        volatile boolean cancelled;
        private boolean stopped;
        private boolean failed;

        Listener(Sink sink) {
            this.sink = sink;
        }

        @Override
        public void onEvent(EventSource source, String id, String type, String data) {
            if (failed) {
                return;
            }
            ChatEvent event;
            try {
                event = BaselineEvents.decode(data);
            } catch (IOException | RuntimeException e) {
                failed = true;
                source.cancel();
                sink.onError(e);
                return;
            }
            if (event instanceof ChatEvent.Stop) {
                stopped = true;
            }
            sink.onEvent(event);
        }

        @Override
        public void onClosed(EventSource source) {
            if (failed) {
                return;
            }
            if (stopped) {
                sink.onEnd();
            } else {
                sink.onError(new IllegalStateException("the stream ended without a stop event"));
            }
        }

        @Override
        public void onFailure(EventSource source, Throwable failure, Response response) {
            if (cancelled || failed) {
                return;
            }
            failed = true;
            sink.onError(failure != null ? failure : new IllegalStateException("HTTP " + response.code()));
        }
    }

    @Override
    public void close() {
        client.dispatcher().cancelAll();
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }
}
