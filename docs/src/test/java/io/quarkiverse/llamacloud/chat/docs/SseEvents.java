package io.quarkiverse.llamacloud.chat.docs;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a server-sent event stream the way a browser's {@code EventSource} does (WHATWG HTML, "Interpreting an event
 * stream"), so that the tests see the events, names and data a page would see.
 */
final class SseEvents {

    /** One dispatched event. */
    record Event(String name, String data) {
    }

    /** The response: status, content type and the events, in order. */
    record Stream(int status, String contentType, List<Event> events) {

        List<String> names() {
            return events.stream().map(Event::name).toList();
        }

        /** @return the concatenated values of a field of the JSON data of the events of this name */
        String json(String name, String field) {
            StringBuilder text = new StringBuilder();
            events.stream().filter(event -> event.name().equals(name)).forEach(event -> {
                try {
                    text.append(JSON.readTree(event.data()).path(field).asText());
                } catch (java.io.IOException e) {
                    throw new AssertionError("Not JSON: " + event.data(), e);
                }
            });
            return text.toString();
        }

        String data(String name) {
            StringBuilder text = new StringBuilder();
            events.stream().filter(event -> event.name().equals(name)).forEach(event -> text.append(event.data()));
            return text.toString();
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private SseEvents() {
    }

    static Stream get(URI uri) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Accept", "text/event-stream").GET().build();
        HttpResponse<java.util.stream.Stream<String>> response = HTTP.send(request,
                HttpResponse.BodyHandlers.ofLines());
        List<Event> events = new ArrayList<>();
        try (java.util.stream.Stream<String> lines = response.body()) {
            parse(lines, events);
        }
        return new Stream(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), events);
    }

    private static void parse(java.util.stream.Stream<String> lines, List<Event> events) {
        StringBuilder data = new StringBuilder();
        String[] name = { "" };
        boolean[] hasData = { false };
        lines.forEach(line -> {
            if (line.isEmpty()) {
                if (hasData[0]) {
                    String value = data.toString();
                    // the spec drops one trailing newline: the one after the last data line
                    events.add(new Event(name[0].isEmpty() ? "message" : name[0],
                            value.endsWith("\n") ? value.substring(0, value.length() - 1) : value));
                }
                data.setLength(0);
                name[0] = "";
                hasData[0] = false;
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
                name[0] = value;
            } else if (field.equals("data")) {
                data.append(value).append('\n');
                hasData[0] = true;
            }
        });
    }
}
