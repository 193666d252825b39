package io.quarkiverse.llamacloud.chat.docs;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads a server-sent event stream the way a browser's {@code EventSource} does (WHATWG HTML, "Interpreting an event
 * stream"), so that the tests see the events, names and data a page would see.
 */
final class SseEvents {

    /** One dispatched event. */
    record Event(String name, String data) {
    }

    /** The response: status, content type and the events, in order. */
    record Received(int status, String contentType, List<Event> events) {

        List<String> names() {
            return events.stream().map(Event::name).toList();
        }

        /** @return the values of one field of the JSON data of the events of this name, concatenated */
        String json(String name, String field) {
            StringBuilder text = new StringBuilder();
            for (Event event : events) {
                if (event.name().equals(name)) {
                    try {
                        text.append(JSON.readTree(event.data()).path(field).asText());
                    } catch (IOException e) {
                        throw new AssertionError("Not JSON: " + event.data(), e);
                    }
                }
            }
            return text.toString();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    /** HTTP/1.1: the JDK's default HTTP/2 asks to upgrade {@code http://} to h2c, which Quarkus sometimes garbles. */
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private SseEvents() {
    }

    static Received get(URI uri) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Accept", "text/event-stream").GET().build();
        HttpResponse<Stream<String>> response = HTTP.send(request, HttpResponse.BodyHandlers.ofLines());
        List<Event> events = new ArrayList<>();
        try (Stream<String> lines = response.body()) {
            Parser parser = new Parser(events);
            lines.forEach(parser::line);
        }
        return new Received(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), events);
    }

    /** The spec's algorithm for the fields a relay sends: event, data, comments; an event ends at a blank line. */
    private static final class Parser {

        private final List<Event> events;
        private final StringBuilder data = new StringBuilder();
        private String name = "";
        private boolean hasData;

        Parser(List<Event> events) {
            this.events = events;
        }

        void line(String line) {
            if (line.isEmpty()) {
                if (hasData) {
                    // the spec drops the newline after the last data line
                    String value = data.substring(0, data.length() - 1);
                    events.add(new Event(name.isEmpty() ? "message" : name, value));
                }
                data.setLength(0);
                name = "";
                hasData = false;
                return;
            }
            if (line.startsWith(":")) {
                return;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            if (field.equals("event")) {
                name = value;
            } else if (field.equals("data")) {
                data.append(value).append('\n');
                hasData = true;
            }
        }
    }
}
