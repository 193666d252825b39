package io.quarkiverse.llamacloud.chat.runtime.sse;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.netty.buffer.ByteBuf;
import io.quarkiverse.llamacloud.chat.ChatEvent;
import io.quarkiverse.llamacloud.chat.LlamaCloudEventTooLargeException;
import io.quarkiverse.llamacloud.chat.LlamaCloudException;
import io.quarkiverse.llamacloud.chat.LlamaCloudMalformedEventException;
import io.quarkiverse.llamacloud.chat.LlamaCloudMalformedResponseException;
import io.quarkiverse.llamacloud.chat.LlamaCloudStreamCutOffException;
import io.quarkiverse.llamacloud.chat.LlamaCloudStreamTimeoutException;
import io.quarkiverse.llamacloud.chat.runtime.Failures;
import io.quarkiverse.llamacloud.chat.runtime.http.HttpErrors;
import io.quarkiverse.llamacloud.chat.runtime.json.ChatEvents;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.smallrye.mutiny.vertx.MultiHelper;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.RequestOptions;

/**
 * One attempt at a turn's stream, on Mutiny and its Vert.x bindings: the response body is a {@code Multi} of chunks
 * that Vert.x fetches only as they are asked for (so the socket, not the heap, holds what the subscriber has not
 * asked for), each chunk becomes the events it completes, and the stream ends at the turn's {@code stop} event.
 * <p>
 * The timers are this class's own: Mutiny's item timeout schedules a task on the worker pool for every item and counts
 * time while the subscriber holds the stream back, which is not the server's silence. Here one Vert.x timer per
 * stream checks the time of the last chunk, and silence counts only while a chunk has been asked for.
 * <p>
 * Threading: the connection, the parser and the timers are touched only on one Vert.x context (an event loop, never
 * blocked); the subscriber may request and cancel from any thread.
 */
final class TurnStream implements SseParser.Listener {

    /** The stream's limits. */
    record Limits(Duration firstEventTimeout, Duration idleTimeout, int maxEventSize) {
    }

    private static final Duration CLOSE_GRACE = Duration.ofSeconds(5);
    private static final byte[] DONE = "[DONE]".getBytes(StandardCharsets.US_ASCII);
    /** Marks the end of the turn in the flattened events; never delivered. */
    private static final ChatEvent END = new ChatEvent.Unknown("end of turn", null);

    private final Vertx vertx;
    private final Context context;
    private final HttpClient client;
    private final RequestOptions requestOptions;
    private final Buffer body;
    private final Limits limits;
    private final boolean logResponses;
    private final TurnProgress progress;
    private final SseParser parser;

    // Written on the context; read by the subscriber's threads when it cancels or a failure is described.
    private volatile boolean over;
    private volatile boolean misused;
    private volatile boolean completed;
    private volatile LlamaCloudStreamTimeoutException timedOut;
    private volatile long chunksAsked;

    // Only touched on the context.
    private volatile boolean responded;
    private HttpClientRequest request;
    private boolean ended;
    private long chunksReceived;
    private long lastActivityNanos;
    private long timer = -1;
    private long received;
    private List<ChatEvent> decoded;

    private TurnStream(Vertx vertx, HttpClient client, RequestOptions requestOptions, Buffer body, Limits limits,
            boolean logResponses, TurnProgress progress) {
        this.vertx = vertx;
        this.client = client;
        this.requestOptions = requestOptions;
        this.body = body;
        this.limits = limits;
        this.logResponses = logResponses;
        this.progress = progress;
        this.parser = new SseParser(this, limits.maxEventSize());
        Context current = Vertx.currentContext();
        this.context = current != null && current.owner() == vertx ? current : vertx.getOrCreateContext();
    }

    /**
     * @return the attempt's events; each subscription sends the request once
     */
    static Multi<ChatEvent> events(Vertx vertx, HttpClient client, RequestOptions requestOptions, Buffer body,
            Limits limits, boolean logResponses, TurnProgress progress) {
        return Multi.createFrom().deferred(
                () -> new TurnStream(vertx, client, requestOptions, body, limits, logResponses, progress).stream());
    }

    private Multi<ChatEvent> stream() {
        return Uni.createFrom().<HttpClientResponse> emitter(emitter -> context.runOnContext(ignored -> send(emitter)))
                .onItem().transformToMulti(this::events)
                .onFailure().transform(this::describe)
                // The subscriber already has its error: what closing the connection raises has nobody to go to.
                .onFailure(ignored -> misused).recoverWithCompletion()
                .onCancellation().invoke(this::cancelled)
                // Mutiny answers a non-positive request with an error but leaves its upstream open: close it here.
                .onRequest().invoke(n -> {
                    if (n <= 0) {
                        misused = true;
                        closeSoon();
                    }
                });
    }

    // ---- On the context ----

    private void send(UniEmitter<? super HttpClientResponse> emitter) {
        if (over) {
            return;
        }
        // Waiting for a pooled connection counts against the first-event timeout: the request options give up
        // waiting then too, so no connection is taken for a stream that is over.
        armTimer(limits.firstEventTimeout().toMillis(), emitter);
        client.request(requestOptions).onComplete(obtained -> {
            if (obtained.failed()) {
                emitter.fail(obtained.cause());
                return;
            }
            HttpClientRequest created = obtained.result();
            if (over || timedOut != null) {
                // The stream failed or was cancelled while it waited for the connection: never send the turn now.
                created.reset();
                return;
            }
            request = created;
            created.response().onComplete(result -> {
                if (result.failed()) {
                    emitter.fail(result.cause());
                } else {
                    onResponse(result.result(), emitter);
                }
            });
            // Only a completed write makes the turn possibly taken; a failed one left the service an incomplete
            // request, which it cannot act on.
            created.end(body).onSuccess(ignored -> progress.markWritten());
        });
    }

    private void onResponse(HttpClientResponse response, UniEmitter<? super HttpClientResponse> emitter) {
        responded = true;
        progress.status(response.statusCode());
        if (logResponses) {
            TurnStreamClient.LOG.infof("LlamaCloud response: %d (event stream)", response.statusCode());
        }
        response.end().onComplete(ignored -> {
            ended = true;
            if (completed) {
                cancelTimer(); // the close grace's timer: the connection is the pool's again
            }
        });
        if (response.statusCode() >= 300) {
            response.body().onComplete(text -> {
                Map<String, List<String>> headers = new LinkedHashMap<>();
                response.headers().names().forEach(name -> headers.put(name, response.headers().getAll(name)));
                String errorBody = text.succeeded() ? text.result().toString() : "";
                emitter.fail(HttpErrors.toException(response.statusCode(), headers, errorBody));
            });
            return;
        }
        String contentType = response.getHeader("Content-Type");
        if (contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            response.body().onComplete(text -> emitter.fail(new LlamaCloudMalformedResponseException(
                    TurnStreamClient.OPERATION + " answered with JSON instead of an event stream: "
                            + start(text.succeeded() ? text.result().toString() : ""),
                    null)));
            return;
        }
        emitter.complete(response);
    }

    /** The body's chunks, fetched as they are asked for, as the events they complete, up to the turn's stop. */
    private Multi<ChatEvent> events(HttpClientResponse response) {
        return MultiHelper.toMulti(response)
                .onRequest().invoke(n -> chunksAsked += n) // one subscriber: concatenation asks for one at a time
                .onCompletion().switchTo(() -> Multi.createFrom().failure(this::cutOff))
                .onItem().transformToIterable(this::decode)
                .select().first(event -> event != END);
    }

    @SuppressWarnings("deprecation") // Buffer.getByteBuf: a view of the chunk (Vert.x 5 moves it to BufferInternal)
    private List<ChatEvent> decode(Buffer chunk) {
        chunksReceived++;
        lastActivityNanos = System.nanoTime();
        if (chunksReceived == 1) {
            armTimer(limits.idleTimeout().toMillis(), null);
        }
        decoded = new ArrayList<>(4);
        ByteBuf bytes = chunk.getByteBuf();
        try {
            if (bytes.hasArray()) {
                parser.feed(bytes.array(), bytes.arrayOffset() + bytes.readerIndex(), bytes.readableBytes());
            } else {
                parser.feed(chunk.getBytes());
            }
        } catch (SseParser.EventTooLargeException tooLarge) {
            throw new LlamaCloudEventTooLargeException(tooLarge.limit());
        }
        return decoded;
    }

    @Override
    public void onEvent(String eventType, byte[] data, int length) {
        if (completed || isDoneSentinel(data, length)) {
            return; // an OpenAI-style sentinel is not an event, and nothing after the stop is
        }
        ChatEvent event;
        try {
            event = ChatEvents.decode(data, 0, length);
        } catch (Exception notJson) {
            throw new LlamaCloudMalformedEventException(start(data, length), notJson);
        }
        if (event == null) {
            throw new LlamaCloudMalformedEventException(start(data, length), null);
        }
        received++;
        progress.event(event);
        decoded.add(event);
        if (event instanceof ChatEvent.Stop) {
            completed = true;
            decoded.add(END);
            // The turn is over; give the server a moment to end the response so the connection can be reused.
            cancelTimer();
            timer = vertx.setTimer(CLOSE_GRACE.toMillis(), id -> close());
        }
    }

    private Throwable cutOff() {
        parser.finish();
        return new LlamaCloudStreamCutOffException("The event stream ended after " + received
                + " events without a stop event: the turn was cut off", received, null);
    }

    /**
     * One timer at a time: the first-event timeout until the first chunk, then the idle timeout. When it fires it
     * re-arms for the rest if a chunk came since, or if none was asked for.
     *
     * @param emitter the response's emitter while no response has come, else {@code null}
     */
    private void armTimer(long delayMillis, UniEmitter<? super HttpClientResponse> emitter) {
        cancelTimer();
        timer = vertx.setTimer(Math.max(1, delayMillis), id -> {
            timer = -1;
            if (over || completed) {
                return;
            }
            boolean first = chunksReceived == 0;
            Duration timeout = first ? limits.firstEventTimeout() : limits.idleTimeout();
            if (responded && chunksReceived >= chunksAsked) {
                armTimer(timeout.toMillis(), emitter); // held back by the subscriber: that silence is ours
                return;
            }
            long silentMillis = first ? timeout.toMillis() : (System.nanoTime() - lastActivityNanos) / 1_000_000;
            if (silentMillis < timeout.toMillis()) {
                armTimer(timeout.toMillis() - silentMillis, emitter);
                return;
            }
            if (request == null) {
                timedOut = new LlamaCloudStreamTimeoutException("No connection within " + timeout
                        + " (quarkus.llamacloud.stream.first-event-timeout): every one of the "
                        + "quarkus.llamacloud.stream.max-connections is busy with another stream; the turn was "
                        + "not sent", timeout, 0);
            } else {
                String kind = first ? "first event" : "idle";
                String key = first ? "first-event-timeout" : "idle-timeout";
                timedOut = new LlamaCloudStreamTimeoutException("No " + kind + " data within " + timeout
                        + " (quarkus.llamacloud.stream." + key + "); " + received + " events had arrived", timeout,
                        received);
            }
            if (emitter != null && !responded) {
                emitter.fail(timedOut);
            }
            close(); // fails the response or its body, which describe() turns into the timeout
        });
    }

    private void cancelTimer() {
        if (timer != -1) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
    }

    private void close() {
        over = true;
        cancelTimer();
        if (request != null && !ended) {
            request.reset(); // on HTTP/1.1 this closes the connection: the server sees the disconnect at once
        }
    }

    // ---- Any thread ----

    private void closeSoon() {
        over = true;
        context.runOnContext(ignored -> close());
    }

    private void cancelled() {
        if (!completed) {
            progress.cancelled(); // a turn cut short by its subscriber, which the service may go on with
        }
        closeSoon();
    }

    private Throwable describe(Throwable failure) {
        closeSoon();
        if (timedOut != null) {
            return timedOut;
        }
        if (failure instanceof LlamaCloudException) {
            return failure; // ours: an error status, a malformed or oversized event, a cut-off body
        }
        if (responded) {
            return new LlamaCloudStreamCutOffException("The event stream was cut off after " + received
                    + " events, before its stop event: " + failure, received, failure);
        }
        return Failures.map(failure, TurnStreamClient.OPERATION);
    }

    private static String start(String payload) {
        return payload.length() > 200 ? payload.substring(0, 200) + "..." : payload;
    }

    private static String start(byte[] data, int length) {
        return start(new String(data, 0, Math.min(length, 1024), StandardCharsets.UTF_8));
    }

    private static boolean isDoneSentinel(byte[] data, int length) {
        return Arrays.equals(data, 0, length, DONE, 0, DONE.length);
    }
}
