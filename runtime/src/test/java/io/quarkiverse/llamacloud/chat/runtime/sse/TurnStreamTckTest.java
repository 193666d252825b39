package io.quarkiverse.llamacloud.chat.runtime.sse;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.reactivestreams.tck.TestEnvironment;
import org.reactivestreams.tck.flow.FlowPublisherVerification;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

import io.quarkiverse.llamacloud.chat.ChatEvent;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * The Reactive Streams TCK against a turn's event publisher, over a real connection to a loopback server that streams
 * {@code n - 1} deltas and a {@code stop} for a publisher of {@code n} events.
 */
public class TurnStreamTckTest extends FlowPublisherVerification<ChatEvent> {

    private static final TurnStream.Limits LIMITS = new TurnStream.Limits(Duration.ofSeconds(10), Duration.ofSeconds(10),
            1024 * 1024);

    private Vertx vertx;
    private HttpServer server;
    private HttpClient client;
    private final AtomicLong closedResponses = new AtomicLong();

    public TurnStreamTckTest() {
        // Generous: the suite runs on a loaded 2-core machine.
        super(new TestEnvironment(2000, 500), 5000);
    }

    @BeforeClass
    public void startServer() {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer().requestHandler(request -> {
            HttpServerResponse response = request.response();
            if (request.path().equals("/fail")) {
                response.setStatusCode(500).putHeader("Content-Type", "application/json").end("{\"detail\":\"down\"}");
                return;
            }
            long events = Long.parseLong(request.path().substring("/n/".length()));
            response.setChunked(true).putHeader("Content-Type", "text/event-stream");
            response.closeHandler(ignored -> closedResponses.incrementAndGet());
            stream(response, events, 0);
        });
        CompletableFuture<HttpServer> listening = new CompletableFuture<>();
        server.listen(0, "127.0.0.1").onComplete(result -> {
            if (result.succeeded()) {
                listening.complete(result.result());
            } else {
                listening.completeExceptionally(result.cause());
            }
        });
        listening.join();
        client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
                new PoolOptions().setHttp1MaxSize(256));
    }

    /** Writes the events in batches, honouring the connection's back-pressure as a real server does. */
    private static void stream(HttpServerResponse response, long events, long from) {
        long next = from;
        while (next < events && !response.writeQueueFull()) {
            response.write(next == events - 1
                    ? "event: message\ndata: {\"type\":\"stop\",\"is_error\":false}\n\n"
                    : "event: delta\ndata: {\"type\":\"text_delta\",\"content\":\"" + next + "\"}\n\n");
            next++;
        }
        if (response.closed()) {
            return;
        }
        if (next >= events) {
            response.end(); // n = 0: no event at all, the stream is cut off
            return;
        }
        long resume = next;
        response.drainHandler(ignored -> stream(response, events, resume));
    }

    @AfterClass
    public void stopServer() {
        client.close().toCompletionStage().toCompletableFuture().join();
        server.close().toCompletionStage().toCompletableFuture().join();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    /**
     * Rule 3.9 with events waiting for demand: the error comes at once, not after them, and the connection is closed
     * (the server sees its response closed).
     */
    @Test
    public void aNonPositiveRequestFailsAtOnceAndClosesTheConnection() throws Exception {
        TurnProgress progress = new TurnProgress(null, null);
        CompletableFuture<Throwable> failure = new CompletableFuture<>();
        List<ChatEvent> delivered = new CopyOnWriteArrayList<>();
        AtomicReference<Flow.Subscription> subscription = new AtomicReference<>();
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1")
                .setPort(server.actualPort()).setURI("/n/100000");
        long closedBefore = closedResponses.get();
        TurnStream.events(vertx, client, options, Buffer.buffer("{}"), LIMITS, false, progress)
                .subscribe(new Flow.Subscriber<>() {
                    @Override
                    public void onSubscribe(Flow.Subscription s) {
                        subscription.set(s);
                        s.request(1);
                    }

                    @Override
                    public void onNext(ChatEvent item) {
                        delivered.add(item);
                    }

                    @Override
                    public void onError(Throwable throwable) {
                        failure.complete(throwable);
                    }

                    @Override
                    public void onComplete() {
                        failure.complete(null);
                    }
                });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (delivered.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(delivered.size(), 1, "the one event asked for arrived; the rest wait for demand");

        subscription.get().request(0);

        Throwable error = failure.get(2, TimeUnit.SECONDS);
        assertTrue(error instanceof IllegalArgumentException, String.valueOf(error));
        assertEquals(delivered.size(), 1, "no waiting event was delivered: " + delivered);
        while (closedResponses.get() == closedBefore && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(closedResponses.get() > closedBefore, "the server saw the connection closed");
    }

    @Override
    public Flow.Publisher<ChatEvent> createFlowPublisher(long elements) {
        return publisher("/n/" + elements);
    }

    @Override
    public Flow.Publisher<ChatEvent> createFailedFlowPublisher() {
        return publisher("/fail");
    }

    @Override
    public long maxElementsFromPublisher() {
        return 4096;
    }

    private Flow.Publisher<ChatEvent> publisher(String path) {
        int port = server.actualPort();
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port)
                .setURI(path);
        return TurnStream.events(vertx, client, options, Buffer.buffer("{}"), LIMITS, false,
                new TurnProgress(null, null));
    }
}
