package io.quarkiverse.llamacloud.chat.emulator;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/**
 * Writes one turn as Server-Sent Events, applying the stream faults. Runs on the request's event loop; every event
 * is recorded in the session's history as it is written.
 * <p>
 * The turn is a job of the service's, not of the connection: when the connection goes (the client cancels, or a cut
 * or reset fault), the turn goes on at its pace and its events are still recorded, unless
 * {@link EmulatorFaults#abandonTurnOnDisconnect(boolean)} says otherwise. Whether LlamaCloud keeps running a turn
 * after its client goes away is undocumented; a client must assume it does (the turn is billed either way).
 */
final class TurnStream {

    private final Vertx vertx;
    private final Context context;
    private final HttpServerRequest request;
    private final HttpServerResponse response;
    private final ChatStore.Session session;
    private final List<ObjectNode> events;
    private final boolean fillStopDuration;
    private final EmulatorFaults.StreamFaults faults;
    private final EmulatorStats stats;
    private final long startNanos;
    private final String eol;

    private int next;
    private int sent;
    private boolean stalled;
    private boolean closed;
    private boolean finished;
    private long keepAliveTimer = -1;
    private Future<Void> lastWrite = Future.succeededFuture();

    TurnStream(Vertx vertx, HttpServerRequest request, ChatStore.Session session, Agent.Plan plan,
            EmulatorFaults.StreamFaults faults, EmulatorStats stats, long startNanos) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.request = request;
        this.response = request.response();
        this.session = session;
        this.events = plan.events();
        this.fillStopDuration = plan.fillStopDuration();
        this.faults = faults;
        this.stats = stats;
        this.startNanos = startNanos;
        this.eol = faults.lineEnding();
    }

    /** Starts the turn; the response head goes out after {@code headDelay} (the latency fault). */
    void start(Duration headDelay) {
        if (headDelay.toMillis() > 0) {
            vertx.setTimer(headDelay.toMillis(), id -> start(Duration.ZERO));
            return;
        }
        if (response.closed()) {
            closed = true;
            sendNext(); // the client left before the head: the turn runs anyway
            return;
        }
        response.setStatusCode(200)
                .setChunked(true)
                .putHeader("content-type", "text/event-stream; charset=utf-8")
                .putHeader("cache-control", "no-store")
                .putHeader("x-accel-buffering", "no");
        response.closeHandler(v -> onClosed());
        response.exceptionHandler(t -> onClosed());
        stats.streamOpened();
        // The head's write is what a cut or reset at K = 0 waits for, so the client sees the status first.
        lastWrite = response.writeHead();
        long keepAlive = faults.keepAliveEvery().toMillis();
        if (keepAlive > 0) {
            keepAliveTimer = vertx.setPeriodic(keepAlive, id -> {
                if (!closed && !stalled) {
                    write(": keep-alive" + eol + eol);
                }
            });
        }
        checkpoint(0, this::sendNext);
    }

    private void sendNext() {
        if (finished || closed && faults.abandonTurnOnDisconnect()) {
            return;
        }
        if (next >= events.size()) {
            finish();
            return;
        }
        long delay = next > 0 ? faults.eventDelay().toMillis() : 0;
        later(delay, () -> {
            if (closed && faults.abandonTurnOnDisconnect()) {
                return;
            }
            ObjectNode event = events.get(next++);
            if (fillStopDuration && Agent.isStop(event) && event.get("usage") instanceof ObjectNode) {
                double millis = BigDecimal.valueOf((System.nanoTime() - startNanos) / 1_000_000d)
                        .setScale(3, RoundingMode.HALF_UP).doubleValue();
                ((ObjectNode) event.get("usage")).put("duration_ms", millis);
            }
            session.record(event);
            if (closed) {
                sendNext();
                return;
            }
            String type = event.path("type").asText();
            String name = type.endsWith("_delta") ? "delta" : "message";
            write("event: " + name + eol + "data: " + Json.write(event) + eol + eol);
            sent++;
            checkpoint(sent, this::sendNext);
        });
    }

    /** Applies the faults due after {@code count} events, then goes on. */
    private void checkpoint(int count, Runnable then) {
        if (closed) {
            then.run();
            return;
        }
        if (count == faults.malformedAfter()) {
            write("event: message" + eol + "data: {not json" + eol + eol);
        }
        if (count == faults.stallAfter() && faults.stall().toMillis() > 0) {
            stalled = true;
            vertx.setTimer(faults.stall().toMillis(), id -> {
                stalled = false;
                cutOrContinue(count, then);
            });
            return;
        }
        cutOrContinue(count, then);
    }

    private void cutOrContinue(int count, Runnable then) {
        if (closed) {
            then.run();
            return;
        }
        if (count == faults.cutAfter()) {
            onClosed();
            // once what was written is flushed: no stop, no terminating chunk
            lastWrite.onComplete(done -> request.connection().close());
            then.run();
            return;
        }
        if (count == faults.resetAfter()) {
            onClosed();
            lastWrite.onComplete(done -> Connections.reset(request.connection()));
            then.run();
            return;
        }
        then.run();
    }

    private void later(long delayMillis, Runnable action) {
        if (delayMillis > 0) {
            vertx.setTimer(delayMillis, id -> action.run());
        } else {
            context.runOnContext(v -> action.run());
        }
    }

    private void write(String text) {
        if (closed) {
            return;
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int size = faults.chunkSize();
        try {
            if (size <= 0) {
                lastWrite = response.write(Buffer.buffer(bytes));
            } else {
                for (int offset = 0; offset < bytes.length && !closed; offset += size) {
                    int length = Math.min(size, bytes.length - offset);
                    lastWrite = response.write(Buffer.buffer().appendBytes(bytes, offset, length));
                }
            }
        } catch (IllegalStateException e) {
            onClosed();
        }
    }

    private void finish() {
        finished = true;
        if (closed) {
            return;
        }
        onClosed();
        try {
            response.end();
        } catch (IllegalStateException ignored) {
            // the client went away meanwhile
        }
    }

    private void onClosed() {
        if (closed) {
            return;
        }
        closed = true;
        if (keepAliveTimer >= 0) {
            vertx.cancelTimer(keepAliveTimer);
        }
        stats.streamClosed();
    }
}
