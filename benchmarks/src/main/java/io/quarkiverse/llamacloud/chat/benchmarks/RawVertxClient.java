package io.quarkiverse.llamacloud.chat.benchmarks;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * The practical limit of the extension's stack: the same Vert.x {@link HttpClient} (on the application's Vert.x),
 * read with {@link RawSseDecoder} and Jackson into the same records, with none of the extension's guarantees
 * (timeouts, backpressure, limits, retries, typed failures).
 */
final class RawVertxClient implements BenchClient {

    private final Vertx vertx;
    private final HttpClient client;
    private final String baseUrl;
    private final String authorization;

    RawVertxClient(Vertx vertx, String baseUrl, String apiKey) {
        this.vertx = vertx;
        this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setName("bench-raw"),
                new PoolOptions().setHttp1MaxSize(100_000));
        this.baseUrl = baseUrl;
        this.authorization = "Bearer " + apiKey;
    }

    @Override
    public String name() {
        return "raw";
    }

    private static final class RawHandle implements Handle {
        volatile HttpClientRequest request;
        volatile boolean cancelled;

        @Override
        public void cancel() {
            cancelled = true;
            HttpClientRequest current = request;
            if (current != null) {
                current.reset();
            }
        }
    }

    @Override
    public Handle open(String sessionId, String prompt, Sink sink) {
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(baseUrl + "/api/v1/chat/" + sessionId + "/messages/stream")
                .putHeader(HttpHeaders.AUTHORIZATION, authorization)
                .putHeader(HttpHeaders.ACCEPT, "text/event-stream")
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
        Buffer body = Buffer.buffer(Json.promptBody(prompt));
        RawHandle handle = new RawHandle();
        // As the extension does: everything on one Vert.x context (the calling thread's, sticky), so that the
        // response's handlers are in place before its first chunk.
        Context context = vertx.getOrCreateContext();
        context.runOnContext(ignored -> send(options, body, handle, sink));
        return handle;
    }

    private void send(RequestOptions options, Buffer body, RawHandle handle, Sink sink) {
        if (handle.cancelled) {
            return;
        }
        client.request(options).compose(request -> {
            handle.request = request;
            if (handle.cancelled) {
                request.reset();
            }
            return request.send(body);
        }).onComplete(result -> {
            if (result.failed()) {
                if (!handle.cancelled) {
                    sink.onError(result.cause());
                }
                return;
            }
            HttpClientResponse response = result.result();
            if (response.statusCode() != 200) {
                response.body().onComplete(text -> sink.onError(new IllegalStateException(
                        "HTTP " + response.statusCode() + ": " + (text.succeeded() ? text.result() : ""))));
                return;
            }
            RawSseDecoder decoder = new RawSseDecoder(sink);
            response.handler(decoder::feed);
            response.exceptionHandler(failure -> {
                if (!handle.cancelled) {
                    decoder.fail(failure);
                }
            });
            response.endHandler(ignored -> decoder.end());
        });
    }

    @Override
    public void close() {
        client.close();
    }
}
