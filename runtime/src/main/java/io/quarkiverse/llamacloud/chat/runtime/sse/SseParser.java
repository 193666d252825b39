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
         * @param length the data's length in bytes; 0 for a {@code data:} line with nothing after it
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
    private static final byte[] NONE = new byte[0];
    private static final byte[] DATA = ascii("data");
    private static final byte[] EVENT = ascii("event");
    private static final byte[] ID = ascii("id");
    private static final byte[] RETRY = ascii("retry");

    private final Listener listener;
    private final int maxEventSize;

    // Both buffers start empty: an idle stream (keep-alives only, each in one chunk) never needs them.
    private byte[] line = NONE;
    private int lineLength;
    private boolean lastWasCr;
    private int bomMatched; // bytes of a leading EF BB BF seen so far; -1 once the stream's start is past

    // The event's data as bytes: the common case (one data line of JSON) is never turned into a String here.
    private byte[] data = NONE;
    private int dataLength;
    private boolean hasData;
    // A lone data line still inside the chunk being fed: handed to the listener from there, copied only if the
    // chunk ends before the event does.
    private byte[] dataView;
    private int dataViewOffset;
    private int dataViewLength;
    private String eventType = "";
    private String lastEventId = "";
    // The last event name decoded, to reuse its String: streams repeat a handful of names.
    private byte[] lastTypeBytes = NONE;
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
        try {
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
                if (stop == end) {
                    append(bytes, i, stop - i); // the line goes on in the next chunk
                    break;
                }
                if (lineLength == 0) {
                    // The whole line is in this chunk: read it where it is.
                    if ((long) stop - i + dataLength + dataViewLength > maxEventSize) {
                        throw new EventTooLargeException(maxEventSize);
                    }
                    line(bytes, i, stop - i, true);
                } else {
                    append(bytes, i, stop - i);
                    int buffered = lineLength;
                    lineLength = 0;
                    line(line, 0, buffered, false);
                }
                lastWasCr = bytes[stop] == CR;
                i = stop + 1;
            }
        } finally {
            copyDataView(); // the chunk is the caller's again once this returns
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
        if ((long) needed + dataLength + dataViewLength > maxEventSize) {
            throw new EventTooLargeException(maxEventSize);
        }
        if (needed > line.length) {
            line = Arrays.copyOf(line, grownSize(line.length, needed));
        }
        System.arraycopy(bytes, offset, line, lineLength, length);
        lineLength = needed;
    }

    /**
     * One line, without its line end.
     *
     * @param inChunk whether {@code buffer} is the chunk being fed (and not this parser's line buffer)
     */
    private void line(byte[] buffer, int offset, int length, boolean inChunk) {
        if (length == 0) {
            dispatch();
            return;
        }
        if (buffer[offset] == ':') {
            listener.onComment(new String(buffer, offset + 1, length - 1, StandardCharsets.UTF_8));
            return;
        }
        int end = offset + length;
        int colon = indexOf(buffer, (byte) ':', offset, end);
        int nameLength = (colon < 0 ? end : colon) - offset;
        int valueStart = colon < 0 ? end : colon + 1;
        if (valueStart < end && buffer[valueStart] == ' ') {
            valueStart++;
        }
        int valueLength = end - valueStart;
        // Field names compared as bytes: a name with any other bytes (including non-ASCII) is an unknown field.
        if (isField(buffer, offset, nameLength, DATA)) {
            if (inChunk && !hasData) {
                dataView = buffer;
                dataViewOffset = valueStart;
                dataViewLength = valueLength;
                hasData = true;
            } else {
                appendData(buffer, valueStart, valueLength);
            }
        } else if (isField(buffer, offset, nameLength, EVENT)) {
            eventType = eventType(buffer, valueStart, valueLength);
        } else if (isField(buffer, offset, nameLength, ID)) {
            if (indexOf(buffer, (byte) 0, valueStart, end) < 0) {
                lastEventId = new String(buffer, valueStart, valueLength, StandardCharsets.UTF_8);
            }
        } else if (isField(buffer, offset, nameLength, RETRY)) {
            retry(buffer, valueStart, valueLength);
        }
        // Unknown fields are ignored.
    }

    private static boolean isField(byte[] buffer, int offset, int nameLength, byte[] name) {
        return nameLength == name.length && Arrays.equals(buffer, offset, offset + nameLength, name, 0, nameLength);
    }

    private void copyDataView() {
        if (dataView != null) {
            byte[] view = dataView;
            dataView = null;
            int length = dataViewLength;
            dataViewLength = 0;
            hasData = false;
            appendData(view, dataViewOffset, length);
        }
    }

    private void appendData(byte[] buffer, int valueStart, int valueLength) {
        copyDataView();
        int needed = dataLength + (hasData ? 1 : 0) + valueLength;
        if (needed > data.length) {
            data = Arrays.copyOf(data, grownSize(data.length, needed));
        }
        if (hasData) {
            data[dataLength++] = LF;
        }
        System.arraycopy(buffer, valueStart, data, dataLength, valueLength);
        dataLength += valueLength;
        hasData = true;
    }

    private String eventType(byte[] buffer, int valueStart, int valueLength) {
        if (!Arrays.equals(buffer, valueStart, valueStart + valueLength, lastTypeBytes, 0, lastTypeBytes.length)) {
            lastTypeBytes = Arrays.copyOfRange(buffer, valueStart, valueStart + valueLength);
            lastType = new String(lastTypeBytes, StandardCharsets.UTF_8);
        }
        return lastType;
    }

    private void retry(byte[] buffer, int valueStart, int valueLength) {
        if (valueLength == 0) {
            return;
        }
        for (int i = valueStart; i < valueStart + valueLength; i++) {
            if (buffer[i] < '0' || buffer[i] > '9') {
                return;
            }
        }
        try {
            listener.onRetry(Long.parseLong(new String(buffer, valueStart, valueLength, StandardCharsets.US_ASCII)));
        } catch (NumberFormatException tooLong) {
            // Ignored, as any invalid retry value is.
        }
    }

    private static int indexOf(byte[] buffer, byte b, int from, int end) {
        for (int i = from; i < end; i++) {
            if (buffer[i] == b) {
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
        byte[] source = dataView != null ? dataView : data;
        int offset = dataView != null ? dataViewOffset : 0;
        int length = dataView != null ? dataViewLength : dataLength;
        resetEvent();
        // Neither the chunk nor the data array changes before the next line, so the listener may read them now.
        listener.onEvent(type, source, offset, length, lastEventId);
        if (data.length > 64 * 1024) {
            data = NONE; // give back the memory of an unusually large event
        }
    }

    private void resetEvent() {
        dataView = null;
        dataViewLength = 0;
        dataLength = 0;
        hasData = false;
        eventType = "";
        if (line.length > 64 * 1024) {
            line = NONE; // give back the memory of an unusually large event
        }
    }

    private int grownSize(int current, int needed) {
        return Math.max(needed, Math.min(Math.max(256, current * 2), maxEventSize));
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
