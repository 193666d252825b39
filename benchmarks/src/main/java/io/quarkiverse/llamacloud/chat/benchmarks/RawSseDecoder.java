package io.quarkiverse.llamacloud.chat.benchmarks;

import java.util.Arrays;

import io.quarkiverse.llamacloud.chat.ChatEvent;
import io.vertx.core.buffer.Buffer;

/**
 * The simplest correct SSE splitting for what LlamaCloud sends: lines end with LF (a CR before it is dropped),
 * {@code data:} lines are joined with LF, a blank line dispatches, comments and other fields are skipped (the JSON's
 * {@code type} names the event). Each chunk is copied once into a buffer; each event's data is parsed by Jackson
 * straight from bytes. No limits, no lone-CR line endings: a baseline, not a client to ship.
 */
final class RawSseDecoder {

    private final BenchClient.Sink sink;
    private byte[] pending = new byte[256];
    private int pendingLength;
    private byte[] data = new byte[256];
    private int dataLength;
    private boolean hasData;
    private boolean stopped;
    private boolean failed;

    RawSseDecoder(BenchClient.Sink sink) {
        this.sink = sink;
    }

    void feed(Buffer chunk) {
        int length = chunk.length();
        if (pendingLength + length > pending.length) {
            pending = Arrays.copyOf(pending, Math.max(pending.length * 2, pendingLength + length));
        }
        chunk.getBytes(0, length, pending, pendingLength);
        feed(pending, pendingLength, pendingLength + length);
    }

    /** For the decoding benchmark: the whole body at once. */
    void feed(byte[] body) {
        if (body.length > pending.length) {
            pending = new byte[body.length];
        }
        System.arraycopy(body, 0, pending, 0, body.length);
        pendingLength = 0;
        feed(pending, 0, body.length);
    }

    private void feed(byte[] bytes, int scanFrom, int end) {
        int lineStart = 0;
        for (int i = scanFrom; i < end && !failed; i++) {
            if (bytes[i] == '\n') {
                int lineEnd = i > lineStart && bytes[i - 1] == '\r' ? i - 1 : i;
                line(bytes, lineStart, lineEnd);
                lineStart = i + 1;
            }
        }
        pendingLength = end - lineStart;
        if (lineStart > 0 && pendingLength > 0) {
            System.arraycopy(bytes, lineStart, bytes, 0, pendingLength);
        }
    }

    private void line(byte[] bytes, int start, int end) {
        if (start == end) {
            dispatch();
        } else if (end - start >= 5 && bytes[start] == 'd' && bytes[start + 1] == 'a' && bytes[start + 2] == 't'
                && bytes[start + 3] == 'a' && bytes[start + 4] == ':') {
            int value = start + 5;
            if (value < end && bytes[value] == ' ') {
                value++;
            }
            if (hasData) {
                append(new byte[] { '\n' }, 0, 1);
            }
            append(bytes, value, end - value);
            hasData = true;
        }
    }

    private void append(byte[] bytes, int offset, int length) {
        if (dataLength + length > data.length) {
            data = Arrays.copyOf(data, Math.max(data.length * 2, dataLength + length));
        }
        System.arraycopy(bytes, offset, data, dataLength, length);
        dataLength += length;
    }

    private void dispatch() {
        if (!hasData) {
            return;
        }
        ChatEvent event;
        try {
            event = BaselineEvents.decode(data, 0, dataLength);
        } catch (Exception e) {
            fail(e);
            return;
        } finally {
            dataLength = 0;
            hasData = false;
        }
        if (event instanceof ChatEvent.Stop) {
            stopped = true;
        }
        sink.onEvent(event);
    }

    void fail(Throwable failure) {
        if (!failed) {
            failed = true;
            sink.onError(failure);
        }
    }

    void end() {
        if (failed) {
            return;
        }
        if (stopped) {
            sink.onEnd();
        } else {
            fail(new IllegalStateException("the stream ended without a stop event"));
        }
    }
}
