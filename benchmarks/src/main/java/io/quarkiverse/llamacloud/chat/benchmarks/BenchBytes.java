package io.quarkiverse.llamacloud.chat.benchmarks;

import java.nio.charset.StandardCharsets;

/**
 * The bytes of the benchmark fast path's events: what {@link BenchResponder} writes, the decoding benchmark's input
 * and the sizes in the reports. Apart from the responder because the suite's own process has no emulator classes.
 */
final class BenchBytes {

    private static final byte[] ALPHABET = "abcdefghijklmnopqrstuvwxyz 0123456789 ".getBytes(StandardCharsets.US_ASCII);

    private BenchBytes() {
    }

    /** The bytes of one event, as written: {@code event: delta} and a one-line {@code text_delta}. */
    static byte[] event(int contentBytes) {
        byte[] content = new byte[contentBytes];
        for (int i = 0; i < contentBytes; i++) {
            content[i] = ALPHABET[i % ALPHABET.length];
        }
        String text = "event: delta\ndata: {\"type\":\"text_delta\",\"content\":\""
                + new String(content, StandardCharsets.US_ASCII) + "\"}\n\n";
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** @return the size on the wire of one event of {@code contentBytes} */
    static int eventBytes(int contentBytes) {
        return event(contentBytes).length;
    }

    /** {@code events} text deltas then a stop, as one body. */
    static byte[] body(int events, int contentBytes) {
        StringBuilder body = new StringBuilder();
        String event = new String(event(contentBytes), StandardCharsets.US_ASCII);
        for (int i = 0; i < events; i++) {
            body.append(event);
        }
        body.append("event: message\ndata: {\"type\":\"stop\",\"is_error\":false,\"error\":null,\"usage\":"
                + "{\"duration_ms\":12.5,\"total_input_tokens\":1,\"total_output_tokens\":" + events
                + ",\"turns\":1},\"skipped_index_ids\":[]}\n\n");
        return body.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
