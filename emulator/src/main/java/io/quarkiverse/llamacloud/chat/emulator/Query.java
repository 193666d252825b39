package io.quarkiverse.llamacloud.chat.emulator;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Query parameters read as the service's stack (Starlette, with Python's {@code parse_qsl}) reads them: {@code +} is
 * a space, a valid {@code %XY} a byte, and anything else, a malformed escape such as {@code %zz} or a lone {@code %}
 * included, stays as written. Vert.x's own decoding throws on malformed escapes, which would turn bad input into a
 * 500.
 */
final class Query {

    private Query() {
    }

    /**
     * @param rawQuery the query string, without {@code ?}, or {@code null}
     * @param name a parameter name
     * @return the parameter's first value, decoded, or {@code null} if absent
     */
    static String param(String rawQuery, String name) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return null;
        }
        for (String pair : rawQuery.split("[&;]")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String key = decode(equals < 0 ? pair : pair.substring(0, equals));
            if (key.equals(name)) {
                return decode(equals < 0 ? "" : pair.substring(equals + 1));
            }
        }
        return null;
    }

    /** Decodes {@code +} and valid percent-escapes; leaves malformed ones as they are. */
    static String decode(String text) {
        if (text.indexOf('%') < 0 && text.indexOf('+') < 0) {
            return text;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '+') {
                bytes.write(' ');
                i++;
                continue;
            }
            if (c == '%' && i + 2 < text.length()) {
                int high = Character.digit(text.charAt(i + 1), 16);
                int low = Character.digit(text.charAt(i + 2), 16);
                if (high >= 0 && low >= 0) {
                    bytes.write(high * 16 + low);
                    i += 3;
                    continue;
                }
            }
            int codePoint = text.codePointAt(i);
            byte[] raw = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8);
            bytes.write(raw, 0, raw.length);
            i += Character.charCount(codePoint);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
