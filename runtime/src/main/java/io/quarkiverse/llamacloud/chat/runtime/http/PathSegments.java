package io.quarkiverse.llamacloud.chat.runtime.http;

import java.nio.charset.StandardCharsets;

/**
 * Percent-encodes a session id into exactly one URL path segment.
 * <p>
 * Everything outside RFC 3986's unreserved characters is encoded, so {@code /}, {@code ?}, {@code #}, {@code %} and
 * {@code ;} in an id cannot change the path or query. The dot segments {@code .} and {@code ..} are rejected:
 * encoded or not, servers and proxies may resolve them.
 */
public final class PathSegments {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private PathSegments() {
    }

    /**
     * @param parameter the parameter's name, for the error message
     * @param value the id
     * @return the encoded segment
     * @throws IllegalArgumentException if the id is {@code null}, blank, {@code .} or {@code ..}
     */
    public static String encode(String parameter, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(parameter + " must not be null or blank");
        }
        if (value.equals(".") || value.equals("..")) {
            throw new IllegalArgumentException(parameter + " must not be '" + value + "'");
        }
        StringBuilder out = null;
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xFF;
            if (isUnreserved(b)) {
                if (out != null) {
                    out.append((char) b);
                }
                continue;
            }
            if (out == null) {
                out = new StringBuilder(bytes.length * 3);
                out.append(value, 0, i); // everything before i was unreserved ASCII: one char per byte
            }
            out.append('%').append(HEX[b >> 4]).append(HEX[b & 0xF]);
        }
        return out == null ? value : out.toString();
    }

    private static boolean isUnreserved(int b) {
        return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9')
                || b == '-' || b == '.' || b == '_' || b == '~';
    }
}
