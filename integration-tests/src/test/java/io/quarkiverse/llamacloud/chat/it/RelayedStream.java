package io.quarkiverse.llamacloud.chat.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a browser would receive from one of the application's streaming endpoints, read from the socket: the status,
 * the body de-chunked as far as it arrived, and whether it ended properly (with its terminating chunk) or was cut.
 *
 * @param status the HTTP status
 * @param body the body that arrived
 * @param complete whether the chunked body ended with its terminating chunk
 */
record RelayedStream(int status, String body, boolean complete) {

    /**
     * Posts a text body and reads the answer until the application closes the connection.
     *
     * @param app the application's base URL
     * @param path the endpoint
     * @param text the request body, sent as {@code text/plain}
     * @return what arrived
     * @throws IOException if the request cannot be sent
     */
    static RelayedStream post(URL app, String path, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        try (Socket socket = new Socket(app.getHost(), app.getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: " + app.getHost() + "\r\nContent-Type: text/plain\r\n"
                    + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    received.write(buffer, 0, n);
                }
            } catch (IOException reset) {
                // A reset after the last byte is one way for the server to end a stream it cannot finish.
            }
        }
        return parse(received.toByteArray());
    }

    /** @return the {@code data:} lines of the body, in order */
    List<String> dataLines() {
        List<String> lines = new ArrayList<>();
        for (String line : body.split("\r?\n")) {
            if (line.startsWith("data:")) {
                lines.add(line);
            }
        }
        return lines;
    }

    private static RelayedStream parse(byte[] raw) {
        int headEnd = indexOf(raw, CRLF_CRLF, 0);
        if (headEnd < 0) {
            throw new IllegalStateException("No complete HTTP response head in: "
                    + new String(raw, StandardCharsets.UTF_8));
        }
        String head = new String(raw, 0, headEnd, StandardCharsets.US_ASCII);
        int status = Integer.parseInt(head.split(" ", 3)[1]);
        int at = headEnd + CRLF_CRLF.length;
        if (!head.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked")) {
            return new RelayedStream(status, new String(raw, at, raw.length - at, StandardCharsets.UTF_8), true);
        }
        ByteArrayOutputStream decoded = new ByteArrayOutputStream();
        boolean complete = false;
        while (true) {
            int sizeEnd = indexOf(raw, CRLF, at);
            if (sizeEnd < 0) {
                break;
            }
            int size = Integer.parseInt(new String(raw, at, sizeEnd - at, StandardCharsets.US_ASCII).split(";")[0]
                    .trim(), 16);
            if (size == 0) {
                complete = true;
                break;
            }
            int dataStart = sizeEnd + CRLF.length;
            int dataEnd = Math.min(raw.length, dataStart + size);
            decoded.write(raw, dataStart, dataEnd - dataStart);
            at = dataEnd + CRLF.length;
            if (at > raw.length) {
                break;
            }
        }
        return new RelayedStream(status, decoded.toString(StandardCharsets.UTF_8), complete);
    }

    private static final byte[] CRLF = { '\r', '\n' };
    private static final byte[] CRLF_CRLF = { '\r', '\n', '\r', '\n' };

    private static int indexOf(byte[] bytes, byte[] pattern, int from) {
        outer: for (int i = from; i <= bytes.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (bytes[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
