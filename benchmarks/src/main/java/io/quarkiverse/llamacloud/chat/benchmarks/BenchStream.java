package io.quarkiverse.llamacloud.chat.benchmarks;

import java.nio.charset.StandardCharsets;

/** The bytes the emulator's benchmark fast path writes, for inputs of the decoding benchmark and for reports. */
final class BenchStream {

    private static final byte[] ALPHABET = "abcdefghijklmnopqrstuvwxyz 0123456789 ".getBytes(StandardCharsets.US_ASCII);

    private BenchStream() {
    }

    static String event(int contentBytes) {
        byte[] content = new byte[contentBytes];
        for (int i = 0; i < contentBytes; i++) {
            content[i] = ALPHABET[i % ALPHABET.length];
        }
        return "event: delta\ndata: {\"type\":\"text_delta\",\"content\":\""
                + new String(content, StandardCharsets.US_ASCII) + "\"}\n\n";
    }

    static int eventBytes(int contentBytes) {
        return event(contentBytes).length();
    }

    /** {@code events} text deltas then a stop, as one body. */
    static byte[] body(int events, int contentBytes) {
        StringBuilder body = new StringBuilder();
        String event = event(contentBytes);
        for (int i = 0; i < events; i++) {
            body.append(event);
        }
        body.append("event: message\ndata: {\"type\":\"stop\",\"is_error\":false,\"error\":null,\"usage\":"
                + "{\"duration_ms\":12.5,\"total_input_tokens\":1,\"total_output_tokens\":" + events
                + ",\"turns\":1},\"skipped_index_ids\":[]}\n\n");
        return body.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
