package io.quarkiverse.llamacloud.chat.runtime.sse;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An incremental parser of {@code text/event-stream} bodies, as the WHATWG HTML specification ("Server-sent events",
 * interpreting an event stream) defines it, for a client that never reconnects.
 * <p>
 * Bytes may arrive in chunks split anywhere: inside a multi-byte UTF-8 character, between CR and LF, inside a field
 * name. Lines end with LF, CR or CRLF; a leading byte-order mark is skipped; {@code data} lines are joined with
 * {@code \n}; a line without a colon is a field with an empty value; comments are skipped; an event with no data is
 * not dispatched; an incomplete event at the end of the stream is discarded. The {@code id} and {@code retry} fields
 * only matter to a reconnecting client, so they are ignored like any unknown field: a turn is never re-sent.
 * <p>
 * Memory is bounded: an event (or a line) larger than the limit fails with {@link EventTooLargeException} instead of
 * growing the buffers. Not thread-safe: one parser per stream, fed from one thread at a time.
 */
public final class SseParser {

    /** Receives the complete events. */
    @FunctionalInterface
    public interface Listener {

        /**
         * A complete event.
         *
         * @param eventType the {@code event} field, or {@code message} when none was sent
         * @param data the {@code data} lines as UTF-8, joined with {@code \n}, from index 0; valid only during this
         *        call, never modify it
         * @param length the data's length in bytes; 0 for a {@code data:} line with nothing after it
         */
        void onEvent(String eventType, byte[] data, int length);
    }

    /** An event or line exceeded the configured limit. */
    public static final class EventTooLargeException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        private final long limit;

        EventTooLargeException(long limit) {
            super("an event of the stream exceeds " + limit + " bytes");
            this.limit = limit;
        }

        /** @return the limit that was exceeded, in bytes */
        public long limit() {
            return limit;
        }
    }

    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final byte[] BOM = { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF };
    private static final byte[] NONE = new byte[0];
    private static final byte[] DATA = "data".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EVENT = "event".getBytes(StandardCharsets.US_ASCII);
    /** Buffers grown past this by an unusually large event are given back after it. */
    private static final int KEEP_BUFFER = 64 * 1024;

    private final Listener listener;
    private final int maxEventSize;

    // Both buffers start empty: an idle stream (keep-alives only) costs two references.
    private byte[] line = NONE;
    private int lineLength;
    private boolean lastWasCr;
    private boolean firstLine = true;
    private byte[] data = NONE;
    private int dataLength;
    private boolean hasData;
    private String eventType = "";

    /**
     * @param listener receives the events
     * @param maxEventSize the largest event (all its lines together) accepted, in bytes
     */
    public SseParser(Listener listener, int maxEventSize) {
        this.listener = listener;
        this.maxEventSize = maxEventSize;
    }

    /**
     * Feeds the next chunk of the body.
     *
     * @param bytes the chunk
     * @param offset where the chunk starts
     * @param length its length
     * @throws EventTooLargeException when an event grows past the limit
     */
    public void feed(byte[] bytes, int offset, int length) {
        int end = offset + length;
        int i = offset;
        while (i < end) {
            if (lastWasCr && bytes[i] == LF) {
                lastWasCr = false; // second half of CRLF, possibly split across chunks
                i++;
                continue;
            }
            lastWasCr = false;
            int stop = i;
            while (stop < end && bytes[stop] != LF && bytes[stop] != CR) {
                stop++;
            }
            append(bytes, i, stop - i);
            if (stop == end) {
                return; // the line goes on in the next chunk
            }
            lastWasCr = bytes[stop] == CR;
            i = stop + 1;
            int start = firstLine && startsWithBom() ? BOM.length : 0;
            firstLine = false;
            int lineEnd = lineLength;
            lineLength = 0;
            line(start, lineEnd);
        }
    }

    /**
     * Feeds a whole chunk.
     *
     * @param bytes the chunk
     */
    public void feed(byte[] bytes) {
        feed(bytes, 0, bytes.length);
    }

    /**
     * Marks the end of the stream: an event without its terminating blank line is discarded, as the specification
     * says.
     *
     * @return whether an incomplete event or line was discarded
     */
    public boolean finish() {
        boolean discarded = lineLength > 0 || hasData;
        lineLength = 0;
        resetEvent();
        return discarded;
    }

    private boolean startsWithBom() {
        return lineLength >= BOM.length && Arrays.equals(line, 0, BOM.length, BOM, 0, BOM.length);
    }

    private void append(byte[] bytes, int offset, int length) {
        int needed = lineLength + length;
        if ((long) needed + dataLength > maxEventSize) {
            throw new EventTooLargeException(maxEventSize);
        }
        if (needed > line.length) {
            line = Arrays.copyOf(line, grownSize(line.length, needed));
        }
        System.arraycopy(bytes, offset, line, lineLength, length);
        lineLength = needed;
    }

    /** The line buffer from {@code start} to {@code end}: one line without its line end. */
    private void line(int start, int end) {
        if (start == end) {
            dispatch();
            return;
        }
        if (line[start] == ':') {
            return; // a comment, such as a keep-alive
        }
        int colon = start;
        while (colon < end && line[colon] != ':') {
            colon++;
        }
        int valueStart = colon == end ? end : colon + 1;
        if (valueStart < end && line[valueStart] == ' ') {
            valueStart++;
        }
        // Field names compared as bytes: a name with any other bytes (including non-ASCII) is an unknown field.
        if (Arrays.equals(line, start, colon, DATA, 0, DATA.length)) {
            appendData(valueStart, end);
        } else if (Arrays.equals(line, start, colon, EVENT, 0, EVENT.length)) {
            eventType = new String(line, valueStart, end - valueStart, StandardCharsets.UTF_8);
        }
    }

    private void appendData(int valueStart, int valueEnd) {
        int needed = dataLength + (hasData ? 1 : 0) + valueEnd - valueStart;
        if (needed > data.length) {
            data = Arrays.copyOf(data, grownSize(data.length, needed));
        }
        if (hasData) {
            data[dataLength++] = LF;
        }
        System.arraycopy(line, valueStart, data, dataLength, valueEnd - valueStart);
        dataLength = needed;
        hasData = true;
    }

    private void dispatch() {
        if (hasData) {
            listener.onEvent(eventType.isEmpty() ? "message" : eventType, data, dataLength);
        }
        resetEvent();
    }

    private void resetEvent() {
        dataLength = 0;
        hasData = false;
        eventType = "";
        if (data.length > KEEP_BUFFER) {
            data = NONE;
        }
        if (line.length > KEEP_BUFFER) {
            line = NONE;
        }
    }

    private int grownSize(int current, int needed) {
        return Math.max(needed, Math.min(Math.max(256, current * 2), maxEventSize));
    }
}
