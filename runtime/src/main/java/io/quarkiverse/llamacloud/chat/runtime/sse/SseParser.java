package io.quarkiverse.llamacloud.chat.runtime.sse;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An incremental parser of {@code text/event-stream} bodies, as the WHATWG HTML specification ("Server-sent events",
 * interpreting an event stream) defines it.
 * <p>
 * Bytes may arrive in chunks split anywhere: inside a multi-byte UTF-8 character, between CR and LF, inside a field
 * name. Lines end with LF, CR or CRLF; a leading byte-order mark is skipped; {@code data} lines are joined with
 * {@code \n}; a line without a colon is a field with an empty value; comment lines are reported as activity only; an
 * event with no data is not dispatched; an incomplete event at the end of the stream is discarded.
 * <p>
 * Memory is bounded: an event (or a line) larger than the limit fails with {@link EventTooLargeException} instead of
 * growing the buffers. Not thread-safe: one parser per stream, fed from one thread at a time.
 */
public final class SseParser {

    /** Receives what the parser finds. */
    public interface Listener {

        /**
         * A complete event.
         *
         * @param eventType the {@code event} field, or {@code message} when none was sent
         * @param data the {@code data} lines joined with {@code \n}; never empty
         * @param lastEventId the last {@code id} seen on the stream, or the empty string
         */
        void onEvent(String eventType, String data, String lastEventId);

        /**
         * A comment line, such as a keep-alive. Default: ignored.
         *
         * @param comment the text after the colon
         */
        default void onComment(String comment) {
        }

        /**
         * A {@code retry} field with a valid value. Default: ignored; this client never reconnects a turn.
         *
         * @param millis the reconnection time the server asks for
         */
        default void onRetry(long millis) {
        }
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

    private final Listener listener;
    private final int maxEventSize;

    private byte[] line = new byte[256];
    private int lineLength;
    private boolean lastWasCr;
    private int bomMatched; // bytes of a leading EF BB BF seen so far; -1 once the stream's start is past

    private final StringBuilder data = new StringBuilder();
    private boolean hasData;
    private String eventType = "";
    private String lastEventId = "";

    /**
     * @param listener receives events and comments
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
        if (bomMatched >= 0) {
            i = skipBom(bytes, i, end);
            if (i == end) {
                return;
            }
        }
        while (i < end) {
            byte b = bytes[i++];
            if (b == LF) {
                if (lastWasCr) {
                    lastWasCr = false; // second half of CRLF, possibly split across chunks
                    continue;
                }
                endOfLine();
            } else if (b == CR) {
                lastWasCr = true;
                endOfLine();
            } else {
                lastWasCr = false;
                int start = i - 1;
                int stop = start + 1;
                while (stop < end && bytes[stop] != LF && bytes[stop] != CR) {
                    stop++;
                }
                append(bytes, start, stop - start);
                i = stop;
            }
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

    private int skipBom(byte[] bytes, int i, int end) {
        while (i < end && bomMatched >= 0) {
            if (bytes[i] == BOM[bomMatched]) {
                i++;
                bomMatched++;
                if (bomMatched == 3) {
                    bomMatched = -1;
                }
            } else {
                // Not a BOM after all: the bytes matched so far are content.
                int matched = bomMatched;
                bomMatched = -1;
                if (matched > 0) {
                    append(BOM, 0, matched);
                }
            }
        }
        return i;
    }

    private void append(byte[] bytes, int offset, int length) {
        int needed = lineLength + length;
        if (needed + data.length() > maxEventSize) {
            throw new EventTooLargeException(maxEventSize);
        }
        if (needed > line.length) {
            line = Arrays.copyOf(line, Math.max(needed, Math.min(line.length * 2, maxEventSize)));
        }
        System.arraycopy(bytes, offset, line, lineLength, length);
        lineLength = needed;
    }

    private void endOfLine() {
        if (lineLength == 0) {
            dispatch();
            return;
        }
        if (line[0] == ':') {
            listener.onComment(new String(line, 1, lineLength - 1, StandardCharsets.UTF_8));
            lineLength = 0;
            return;
        }
        int colon = indexOfColon();
        String field;
        String value;
        if (colon < 0) {
            field = new String(line, 0, lineLength, StandardCharsets.UTF_8);
            value = "";
        } else {
            field = new String(line, 0, colon, StandardCharsets.UTF_8);
            int valueStart = colon + 1;
            if (valueStart < lineLength && line[valueStart] == ' ') {
                valueStart++;
            }
            value = new String(line, valueStart, lineLength - valueStart, StandardCharsets.UTF_8);
        }
        lineLength = 0;
        switch (field) {
            case "data" -> {
                if (hasData) {
                    data.append('\n');
                }
                data.append(value);
                hasData = true;
            }
            case "event" -> eventType = value;
            case "id" -> {
                if (value.indexOf('\0') < 0) {
                    lastEventId = value;
                }
            }
            case "retry" -> {
                if (!value.isEmpty() && value.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    try {
                        listener.onRetry(Long.parseLong(value));
                    } catch (NumberFormatException tooLong) {
                        // Ignored, as any invalid retry value is.
                    }
                }
            }
            default -> {
                // Unknown fields are ignored.
            }
        }
    }

    private int indexOfColon() {
        for (int i = 0; i < lineLength; i++) {
            if (line[i] == ':') {
                return i;
            }
        }
        return -1;
    }

    private void dispatch() {
        if (!hasData) {
            eventType = "";
            return;
        }
        String type = eventType.isEmpty() ? "message" : eventType;
        String payload = data.toString();
        resetEvent();
        listener.onEvent(type, payload, lastEventId);
    }

    private void resetEvent() {
        data.setLength(0);
        hasData = false;
        eventType = "";
        if (line.length > 64 * 1024) {
            line = new byte[256]; // give back the memory of an unusually large event
        }
    }
}
