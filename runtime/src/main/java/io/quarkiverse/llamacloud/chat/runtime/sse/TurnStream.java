package io.quarkiverse.llamacloud.chat.runtime.sse;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.buffer.ByteBuf;
import io.quarkiverse.llamacloud.chat.ChatEvent;
import io.quarkiverse.llamacloud.chat.LlamaCloudEventTooLargeException;
import io.quarkiverse.llamacloud.chat.LlamaCloudMalformedEventException;
import io.quarkiverse.llamacloud.chat.LlamaCloudMalformedResponseException;
import io.quarkiverse.llamacloud.chat.LlamaCloudStreamCutOffException;
import io.quarkiverse.llamacloud.chat.LlamaCloudStreamTimeoutException;
import io.quarkiverse.llamacloud.chat.runtime.Failures;
import io.quarkiverse.llamacloud.chat.runtime.http.HttpErrors;
import io.quarkiverse.llamacloud.chat.runtime.json.ChatEvents;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.RequestOptions;

/**
 * One turn's stream: sends the request, parses the body into {@link ChatEvent}s and hands them to Mutiny's buffering
 * emitter, which serializes delivery and honours the subscriber's demand.
 * <p>
 * Threading: everything that touches the connection, the parser and the timers runs on one Vert.x context (an event
 * loop, never blocked). Demand and cancellation may come from any thread; they reach the connection through the
 * context.
 * <p>
 * Backpressure: when more than {@link #HIGH_WATER} events wait for demand, the response is paused, so the socket,
 * not the heap, holds the rest; it resumes at {@link #LOW_WATER}. The backlog is what was emitted minus what was
 * asked for; unbounded demand never pauses.
 * <p>
 * The idle timeout is one timer that checks the time of the last chunk rather than a timer re-armed for every chunk.
 */
final class TurnStream implements SseParser.Listener {

    /** The stream's limits. */
    record Limits(Duration firstEventTimeout, Duration idleTimeout, int maxEventSize) {
    }

    static final int HIGH_WATER = 64;
    static final int LOW_WATER = 16;
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(5);
    private static final byte[] DONE = "[DONE]".getBytes(StandardCharsets.US_ASCII);

    private final Vertx vertx;
    private final HttpClient client;
    private final RequestOptions requestOptions;
    private final Buffer body;
    private final Limits limits;
    private final boolean logResponses;
    private final MultiEmitter<? super ChatEvent> emitter;
    private final TurnProgress progress;
    private final Context context;

    // Shared between the context and the subscriber's threads.
    private final AtomicLong demanded = new AtomicLong();
    private volatile boolean paused;
    /**
     * Set on the context once the stream has its outcome, a stop event or a failure: a later cancel is not a turn cut
     * short, and nothing more is read.
     */
    private volatile boolean over;

    // Only touched on the context.
    private HttpClientRequest request;
    private HttpClientResponse response;
    private SseParser parser;
    private boolean terminated;
    private boolean ended;
    private long emitted;
    private long timer = -1;
    private boolean idleTimerArmed;
    private long lastChunkNanos;

    private TurnStream(Vertx vertx, HttpClient client, RequestOptions requestOptions, Buffer body, Limits limits,
            boolean logResponses, MultiEmitter<? super ChatEvent> emitter, TurnProgress progress) {
        this.vertx = vertx;
        this.client = client;
        this.requestOptions = requestOptions;
        this.body = body;
        this.limits = limits;
        this.logResponses = logResponses;
        this.emitter = emitter;
        this.progress = progress;
        Context current = Vertx.currentContext();
        this.context = current != null && current.owner() == vertx ? current : vertx.getOrCreateContext();
    }

    /**
     * @return the attempt's events; each subscription sends the request once
     */
    static Multi<ChatEvent> events(Vertx vertx, HttpClient client, RequestOptions requestOptions, Buffer body,
            Limits limits, boolean logResponses, TurnProgress progress) {
        return Multi.createFrom().emitter(emitter -> {
            TurnStream turn = new TurnStream(vertx, client, requestOptions, body, limits, logResponses, emitter,
                    progress);
            emitter.onRequest(turn::requested).onCancellation(turn::cancelled);
            // The subscriber asks in onSubscribe, before these callbacks exist: count that demand too. A request in
            // between counts twice, which only makes the stream pause a little later.
            turn.requested(emitter.requested());
            turn.context.runOnContext(ignored -> turn.send());
        });
    }

    // ---- Demand and cancellation, any thread ----

    private void requested(long n) {
        demanded.accumulateAndGet(n, (current, more) -> current + more < 0 ? Long.MAX_VALUE : current + more);
        if (paused) {
            context.runOnContext(ignored -> resumeIfDrained());
        }
    }

    private void cancelled() {
        if (!over) {
            progress.cancelled(); // a turn cut short by its subscriber, which the service may go on with
        }
        context.runOnContext(ignored -> close());
    }

    // ---- Connection, on the context ----

    private void send() {
        if (emitter.isCancelled()) {
            return;
        }
        // Waiting for a pooled connection counts against the first-event timeout: the request options give up
        // waiting then too, so no connection is taken for a stream that is over.
        armFirstEventTimer();
        client.request(requestOptions).onComplete(obtained -> {
            if (obtained.failed()) {
                terminate(Failures.map(obtained.cause(), TurnStreamClient.OPERATION));
                return;
            }
            HttpClientRequest created = obtained.result();
            if (terminated || emitter.isCancelled()) {
                // The stream failed or was cancelled while it waited for the connection: never send the turn now.
                created.reset();
                return;
            }
            request = created;
            created.response().onComplete(result -> {
                if (result.failed()) {
                    terminate(Failures.map(result.cause(), TurnStreamClient.OPERATION));
                } else {
                    onResponse(result.result());
                }
            });
            // Only a completed write makes the turn possibly taken; a failed one left the service an incomplete
            // request, which it cannot act on.
            created.end(body).onSuccess(ignored -> progress.markWritten());
        });
    }

    private void onResponse(HttpClientResponse received) {
        if (terminated || emitter.isCancelled()) {
            received.request().reset();
            return;
        }
        response = received;
        progress.status(received.statusCode());
        if (logResponses) {
            TurnStreamClient.LOG.infof("LlamaCloud response: %d (event stream)", received.statusCode());
        }
        if (received.statusCode() >= 300) {
            received.body().onComplete(text -> {
                Map<String, List<String>> headers = new LinkedHashMap<>();
                received.headers().names().forEach(name -> headers.put(name, received.headers().getAll(name)));
                String errorBody = text.succeeded() ? text.result().toString() : "";
                terminate(HttpErrors.toException(received.statusCode(), headers, errorBody));
            });
            return;
        }
        String contentType = received.getHeader("Content-Type");
        if (contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            received.body().onComplete(text -> terminate(new LlamaCloudMalformedResponseException(
                    TurnStreamClient.OPERATION + " answered with JSON instead of an event stream: "
                            + start(text.succeeded() ? text.result().toString() : ""),
                    null)));
            return;
        }
        parser = new SseParser(this, limits.maxEventSize());
        received.handler(this::onChunk);
        received.endHandler(ignored -> onEnd());
        received.exceptionHandler(this::onTransportFailure);
    }

    private void onChunk(Buffer chunk) {
        if (terminated) {
            return;
        }
        lastChunkNanos = System.nanoTime();
        if (!idleTimerArmed && !over) {
            armIdleTimer(limits.idleTimeout().toMillis());
        }
        try {
            feed(chunk);
        } catch (SseParser.EventTooLargeException tooLarge) {
            terminate(new LlamaCloudEventTooLargeException(tooLarge.limit()));
            return;
        }
        if (!paused && !terminated && !over && backlog() >= HIGH_WATER) {
            paused = true;
            // Silence while we hold the stream back is ours, not the server's: no idle timeout until resumed.
            cancelTimer();
            response.pause();
        }
    }

    /** Events emitted but not yet asked for, which the emitter holds. */
    private long backlog() {
        return emitted - demanded.get();
    }

    @SuppressWarnings("deprecation") // Buffer.getByteBuf: a view of the chunk (Vert.x 5 moves it to BufferInternal)
    private void feed(Buffer chunk) {
        ByteBuf bytes = chunk.getByteBuf();
        if (bytes.hasArray()) {
            parser.feed(bytes.array(), bytes.arrayOffset() + bytes.readerIndex(), bytes.readableBytes());
        } else {
            parser.feed(chunk.getBytes());
        }
    }

    @Override
    public void onEvent(String eventType, byte[] data, int length) {
        if (terminated || over || emitter.isCancelled()) {
            return; // after a cancel, the rest of the chunk is not worth decoding
        }
        if (isDoneSentinel(data, length)) {
            return; // an OpenAI-style sentinel: not an event
        }
        ChatEvent event;
        try {
            event = ChatEvents.decode(data, 0, length);
        } catch (Exception notJson) {
            terminate(new LlamaCloudMalformedEventException(start(data, length), notJson));
            return;
        }
        if (event == null) {
            terminate(new LlamaCloudMalformedEventException(start(data, length), null));
            return;
        }
        emitted++;
        progress.event(event);
        if (event instanceof ChatEvent.Stop) {
            over = true;
            emitter.emit(event);
            emitter.complete();
            cancelTimer();
            if (!ended) {
                // The turn is over; give the server a moment to end the response so the connection can be reused.
                armCloseTimer();
            }
        } else {
            emitter.emit(event);
        }
    }

    private void onEnd() {
        ended = true;
        if (over || terminated) {
            cancelTimer();
            return;
        }
        parser.finish();
        terminate(new LlamaCloudStreamCutOffException("The event stream ended after " + emitted
                + " events without a stop event: the turn was cut off", emitted, null));
    }

    private void onTransportFailure(Throwable cause) {
        if (over || terminated) {
            return;
        }
        terminate(new LlamaCloudStreamCutOffException("The event stream was cut off after " + emitted
                + " events, before its stop event: " + cause, emitted, cause));
    }

    private void terminate(Throwable cause) {
        if (terminated) {
            return;
        }
        terminated = true;
        over = true;
        emitter.fail(cause);
        close();
    }

    private void close() {
        terminated = true;
        cancelTimer();
        if (request != null && !ended) {
            request.reset(); // on HTTP/1.1 this closes the connection: the server sees the disconnect at once
        }
    }

    private void armFirstEventTimer() {
        cancelTimer();
        Duration timeout = limits.firstEventTimeout();
        timer = vertx.setTimer(Math.max(1, timeout.toMillis()), id -> {
            timer = -1;
            if (!terminated && !over) {
                if (request == null) {
                    terminate(new LlamaCloudStreamTimeoutException("No connection within " + timeout
                            + " (quarkus.llamacloud.stream.first-event-timeout): every one of the "
                            + "quarkus.llamacloud.stream.max-connections is busy with another stream; the turn was "
                            + "not sent", timeout, 0));
                } else {
                    timedOut("first event", "first-event-timeout", timeout);
                }
            }
        });
    }

    /** Fires when the stream may have been silent for the idle timeout; re-arms for the rest if a chunk came since. */
    private void armIdleTimer(long delayMillis) {
        cancelTimer();
        idleTimerArmed = true;
        timer = vertx.setTimer(Math.max(1, delayMillis), id -> {
            timer = -1;
            idleTimerArmed = false;
            if (terminated || over || paused) {
                return;
            }
            long timeoutMillis = limits.idleTimeout().toMillis();
            long silentMillis = (System.nanoTime() - lastChunkNanos) / 1_000_000;
            if (silentMillis >= timeoutMillis) {
                timedOut("idle", "idle-timeout", limits.idleTimeout());
            } else {
                armIdleTimer(timeoutMillis - silentMillis);
            }
        });
    }

    private void timedOut(String kind, String key, Duration timeout) {
        terminate(new LlamaCloudStreamTimeoutException("No " + kind + " data within " + timeout
                + " (quarkus.llamacloud.stream." + key + "); " + emitted + " events had arrived", timeout, emitted));
    }

    private void armCloseTimer() {
        cancelTimer();
        timer = vertx.setTimer(CLOSE_GRACE.toMillis(), id -> {
            timer = -1;
            if (!ended && request != null) {
                request.reset();
            }
        });
    }

    private void cancelTimer() {
        idleTimerArmed = false;
        if (timer != -1) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
    }

    private void resumeIfDrained() {
        if (paused && !terminated && backlog() <= LOW_WATER) {
            paused = false;
            lastChunkNanos = System.nanoTime();
            armIdleTimer(limits.idleTimeout().toMillis());
            response.resume();
        }
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
