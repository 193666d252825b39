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
         * A complete event, as the UTF-8 bytes of its data. The default decodes them (invalid sequences become
         * U+FFFD, as the specification says) and calls {@link #onEvent(String, String, String)}; a listener that
         * parses bytes itself overrides this to skip the copy into a {@code String}.
         *
         * @param eventType the {@code event} field, or {@code message} when none was sent
         * @param data the {@code data} lines joined with {@code \n}; valid only during this call, never modify it
         * @param offset where the data starts in {@code data}
         * @param length the data's length in bytes; never 0
         * @param lastEventId the last {@code id} seen on the stream, or the empty string
         */
        default void onEvent(String eventType, byte[] data, int offset, int length, String lastEventId) {
            onEvent(eventType, new String(data, offset, length, StandardCharsets.UTF_8), lastEventId);
        }

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
    private static final byte[] DATA = ascii("data");
    private static final byte[] EVENT = ascii("event");
    private static final byte[] ID = ascii("id");
    private static final byte[] RETRY = ascii("retry");

    private final Listener listener;
    private final int maxEventSize;

    private byte[] line = new byte[256];
    private int lineLength;
    private boolean lastWasCr;
    private int bomMatched; // bytes of a leading EF BB BF seen so far; -1 once the stream's start is past

    // The event's data as bytes: the common case (one data line of JSON) is never turned into a String here.
    private byte[] data = new byte[256];
    private int dataLength;
    private boolean hasData;
    private String eventType = "";
    private String lastEventId = "";
    // The last event name decoded, to reuse its String: streams repeat a handful of names.
    private byte[] lastTypeBytes = new byte[0];
    private String lastType = "";

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
        if ((long) needed + dataLength > maxEventSize) {
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
        int nameLength = colon < 0 ? lineLength : colon;
        int valueStart = colon < 0 ? lineLength : colon + 1;
        if (valueStart < lineLength && line[valueStart] == ' ') {
            valueStart++;
        }
        int valueLength = lineLength - valueStart;
        lineLength = 0;
        // Field names compared as bytes: a name with any other bytes (including non-ASCII) is an unknown field.
        if (isField(DATA, nameLength)) {
            appendData(valueStart, valueLength);
        } else if (isField(EVENT, nameLength)) {
            eventType = eventType(valueStart, valueLength);
        } else if (isField(ID, nameLength)) {
            if (indexOf((byte) 0, valueStart, valueLength) < 0) {
                lastEventId = new String(line, valueStart, valueLength, StandardCharsets.UTF_8);
            }
        } else if (isField(RETRY, nameLength)) {
            retry(valueStart, valueLength);
        }
        // Unknown fields are ignored.
    }

    private boolean isField(byte[] name, int nameLength) {
        return nameLength == name.length && Arrays.equals(line, 0, nameLength, name, 0, nameLength);
    }

    private void appendData(int valueStart, int valueLength) {
        int needed = dataLength + (hasData ? 1 : 0) + valueLength;
        if (needed > data.length) {
            data = Arrays.copyOf(data, Math.max(needed, Math.min(data.length * 2, maxEventSize)));
        }
        if (hasData) {
            data[dataLength++] = LF;
        }
        System.arraycopy(line, valueStart, data, dataLength, valueLength);
        dataLength += valueLength;
        hasData = true;
    }

    private String eventType(int valueStart, int valueLength) {
        if (!Arrays.equals(line, valueStart, valueStart + valueLength, lastTypeBytes, 0, lastTypeBytes.length)) {
            lastTypeBytes = Arrays.copyOfRange(line, valueStart, valueStart + valueLength);
            lastType = new String(lastTypeBytes, StandardCharsets.UTF_8);
        }
        return lastType;
    }

    private void retry(int valueStart, int valueLength) {
        if (valueLength == 0) {
            return;
        }
        for (int i = valueStart; i < valueStart + valueLength; i++) {
            if (line[i] < '0' || line[i] > '9') {
                return;
            }
        }
        try {
            listener.onRetry(Long.parseLong(new String(line, valueStart, valueLength, StandardCharsets.US_ASCII)));
        } catch (NumberFormatException tooLong) {
            // Ignored, as any invalid retry value is.
        }
    }

    private int indexOfColon() {
        return indexOf((byte) ':', 0, lineLength);
    }

    private int indexOf(byte b, int from, int length) {
        for (int i = from; i < from + length; i++) {
            if (line[i] == b) {
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
        int length = dataLength;
        resetEvent();
        // The data array stays as it is until the next data line, so the listener may read it now.
        listener.onEvent(type, data, 0, length, lastEventId);
        if (data.length > 64 * 1024) {
            data = new byte[256]; // give back the memory of an unusually large event
        }
    }

    private void resetEvent() {
        dataLength = 0;
        hasData = false;
        eventType = "";
        if (line.length > 64 * 1024) {
            line = new byte[256]; // give back the memory of an unusually large event
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
