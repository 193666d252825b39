package io.quarkiverse.llamacloud.chat.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.quarkiverse.llamacloud.chat.emulator.TurnResponder;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/**
 * The benchmark fast path, a {@link TurnResponder} of the emulator that {@link BenchEmulator} installs: a turn that is
 * not the agent's but a given number of identical {@code text_delta} events, written in large batches, or an idle
 * stream of keep-alive comments, so that a client can be measured without the server being the bottleneck.
 * <p>
 * Prompts: {@code bench:<events>:<contentBytes>} streams {@code events} {@code text_delta} events (SSE name
 * {@code delta}) whose {@code content} is {@code contentBytes} ASCII bytes, then a {@code stop}; {@code idle} (or
 * {@code idle:<millis>}) writes only {@code : keep-alive} comments, every 15 s (or every {@code millis}), until the
 * client disconnects. Any other prompt is left to the agent. The emulator's {@code openStreams} and
 * {@code streamsStarted} count these streams.
 * <p>
 * Memory stays flat whatever the count: one batch of about 64 KiB is built once and written again and again, as
 * fast as the connection takes it ({@code writeQueueFull()} / {@code drainHandler}).
 */
final class BenchResponder implements TurnResponder {

    /** The prompts it answers. */
    static final Pattern BENCH = Pattern.compile("bench:(\\d{1,10}):(\\d{1,7})");
    static final Pattern IDLE = Pattern.compile("idle(?::(\\d{1,9}))?");

    static final long DEFAULT_KEEP_ALIVE_MILLIS = 15_000;
    static final int MAX_CONTENT_BYTES = 1_000_000;
    static final int BATCH_BYTES = 64 * 1024;

    private static final byte[] KEEP_ALIVE = ": keep-alive\n\n".getBytes(StandardCharsets.US_ASCII);

    /**
     * A parsed bench prompt.
     *
     * @param events how many {@code text_delta} events; 0 for an idle stream
     * @param contentBytes the size of each event's content
     * @param keepAliveMillis for an idle stream, the interval of its keep-alive comments; 0 otherwise
     */
    record Spec(long events, int contentBytes, long keepAliveMillis) {
        boolean idle() {
            return keepAliveMillis > 0;
        }
    }

    @Override
    public boolean respond(Turn turn) {
        Spec spec = parse(turn.prompt());
        if (spec == null) {
            return false;
        }
        new Writer(turn, spec).start();
        return true;
    }

    /**
     * @param prompt the turn's prompt
     * @return the bench turn it asks for, or {@code null} if it is an ordinary prompt
     */
    static Spec parse(String prompt) {
        Matcher bench = BENCH.matcher(prompt);
        if (bench.matches()) {
            long events = Long.parseLong(bench.group(1));
            int contentBytes = Integer.parseInt(bench.group(2));
            if (contentBytes > MAX_CONTENT_BYTES) {
                return null;
            }
            return new Spec(events, contentBytes, 0);
        }
        Matcher idle = IDLE.matcher(prompt);
        if (idle.matches()) {
            long millis = idle.group(1) == null ? DEFAULT_KEEP_ALIVE_MILLIS : Long.parseLong(idle.group(1));
            return new Spec(0, 0, Math.max(1, millis));
        }
        return null;
    }

    /** Writes one bench stream: its batches, or its keep-alive comments. */
    private static final class Writer {

        private final Vertx vertx;
        private final HttpServerResponse response;
        private final Spec spec;
        private final StreamCount streams;
        private final long startNanos;

        private byte[] batch;
        private int eventsPerBatch;
        private long remaining;
        private boolean closed;
        private long keepAliveTimer = -1;

        Writer(Turn turn, Spec spec) {
            this.vertx = turn.vertx();
            this.response = turn.response();
            this.spec = spec;
            this.streams = turn.streams();
            this.startNanos = turn.receivedNanos();
        }

        void start() {
            if (response.closed()) {
                return;
            }
            response.setStatusCode(200)
                    .setChunked(true)
                    .putHeader("content-type", "text/event-stream; charset=utf-8")
                    .putHeader("cache-control", "no-store")
                    .putHeader("x-accel-buffering", "no");
            response.closeHandler(v -> onClosed());
            response.exceptionHandler(t -> onClosed());
            streams.opened();
            response.writeHead();
            if (spec.idle()) {
                keepAliveTimer = vertx.setPeriodic(spec.keepAliveMillis(), id -> write(Buffer.buffer(KEEP_ALIVE)));
                return;
            }
            byte[] one = BenchBytes.event(spec.contentBytes());
            eventsPerBatch = (int) Math.max(1, Math.min(spec.events(), BATCH_BYTES / one.length));
            batch = new byte[one.length * eventsPerBatch];
            for (int i = 0; i < eventsPerBatch; i++) {
                System.arraycopy(one, 0, batch, i * one.length, one.length);
            }
            remaining = spec.events();
            response.drainHandler(v -> pump());
            pump();
        }

        /** Writes batches until the connection's write queue is full (then the drain handler calls again) or all are out. */
        private void pump() {
            while (!closed && remaining > 0 && !response.writeQueueFull()) {
                int events = (int) Math.min(eventsPerBatch, remaining);
                int length = events == eventsPerBatch ? batch.length : batch.length / eventsPerBatch * events;
                write(Buffer.buffer(length == batch.length ? batch : Arrays.copyOf(batch, length)));
                remaining -= events;
            }
            if (!closed && remaining == 0) {
                finish();
            }
        }

        private void finish() {
            double millis = Math.round((System.nanoTime() - startNanos) / 1_000d) / 1_000d;
            String stop = "event: message\ndata: {\"type\":\"stop\",\"is_error\":false,\"error\":null,\"usage\":"
                    + "{\"duration_ms\":" + millis + ",\"total_input_tokens\":1,\"total_output_tokens\":" + spec.events()
                    + ",\"turns\":1},\"skipped_index_ids\":[]}\n\n";
            write(Buffer.buffer(stop.getBytes(StandardCharsets.US_ASCII)));
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

        private void write(Buffer buffer) {
            if (closed) {
                return;
            }
            try {
                response.write(buffer);
            } catch (IllegalStateException e) {
                onClosed();
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
            streams.closed();
        }
    }
}
