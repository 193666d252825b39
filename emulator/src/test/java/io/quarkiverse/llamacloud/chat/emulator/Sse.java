package io.quarkiverse.llamacloud.chat.emulator;

import java.util.ArrayList;
import java.util.List;

/** A minimal WHATWG-style SSE parser for the tests: events, and comment lines kept apart. */
record Sse(List<SseEvent> events, List<String> comments) {

    static Sse parse(String body) {
        List<SseEvent> events = new ArrayList<>();
        List<String> comments = new ArrayList<>();
        String event = null;
        StringBuilder data = null;
        for (String line : body.split("\r\n|\r|\n", -1)) {
            if (line.isEmpty()) {
                if (data != null) {
                    events.add(new SseEvent(event == null ? "message" : event, data.toString()));
                }
                event = null;
                data = null;
            } else if (line.startsWith(":")) {
                comments.add(line);
            } else {
                int colon = line.indexOf(':');
                String field = colon < 0 ? line : line.substring(0, colon);
                String value = colon < 0 ? "" : line.substring(colon + 1);
                if (value.startsWith(" ")) {
                    value = value.substring(1);
                }
                if (field.equals("event")) {
                    event = value;
                } else if (field.equals("data")) {
                    if (data == null) {
                        data = new StringBuilder(value);
                    } else {
                        data.append('\n').append(value);
                    }
                }
            }
        }
        return new Sse(events, comments);
    }
}
