package io.quarkiverse.llamacloud.chat.emulator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** One HTTP/1.1 exchange over a plain socket, to see the chunks of a chunked response. */
final class RawHttp {

    /**
     * The head of the response, and its body's chunks as sent; {@code complete} is false when the connection closed
     * before the terminating chunk, and {@code end} then says how ("Connection closed" for a FIN, "Connection reset"
     * for an RST).
     */
    record Exchange(String head, List<byte[]> chunks, boolean complete, String end) {
        String body() {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            chunks.forEach(chunk -> body.write(chunk, 0, chunk.length));
            return body.toString(StandardCharsets.UTF_8);
        }
    }

    private RawHttp() {
    }

    static Exchange post(int port, String path, String apiKey, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAuthorization: Bearer " + apiKey
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            String head = readHead(in);
            List<byte[]> chunks = new ArrayList<>();
            while (true) {
                String sizeLine;
                try {
                    sizeLine = readLine(in);
                } catch (IOException e) {
                    return new Exchange(head, chunks, false, e.getMessage());
                }
                int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
                if (size == 0) {
                    readLine(in);
                    return new Exchange(head, chunks, true, null);
                }
                chunks.add(in.readNBytes(size));
                readLine(in);
            }
        }
    }

    /** A whole response: its status and body. */
    record Answer(int status, String body) {
    }

    /**
     * Sends a request line exactly as given, for what {@code java.net.URI} refuses to build (a malformed
     * percent-escape), and reads the whole answer.
     */
    static Answer send(int port, String method, String target, String apiKey, String json) throws IOException {
        byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write((method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAuthorization: Bearer "
                    + apiKey + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            String head = readHead(in);
            int status = Integer.parseInt(head.split(" ")[1]);
            if (!head.toLowerCase(java.util.Locale.ROOT).contains("transfer-encoding: chunked")) {
                return new Answer(status, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            ByteArrayOutputStream decoded = new ByteArrayOutputStream();
            int size;
            while ((size = Integer.parseInt(readLine(in).split(";")[0].trim(), 16)) > 0) {
                decoded.write(in.readNBytes(size));
                readLine(in);
            }
            return new Answer(status, decoded.toString(StandardCharsets.UTF_8));
        }
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        String line;
        while (!(line = readLine(in)).isEmpty()) {
            head.append(line).append('\n');
        }
        return head.toString();
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                break;
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        if (b == -1 && line.size() == 0) {
            throw new IOException("Connection closed");
        }
        return line.toString(StandardCharsets.US_ASCII);
    }
}
