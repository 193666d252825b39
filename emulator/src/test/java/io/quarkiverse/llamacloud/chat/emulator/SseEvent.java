package io.quarkiverse.llamacloud.chat.emulator;

import com.fasterxml.jackson.databind.JsonNode;

/** One parsed SSE event: its name ({@code message} if none) and data. */
record SseEvent(String event, String data) {

    JsonNode json() {
        return TestClient.json(data);
    }

    String type() {
        return json().path("type").asText();
    }
}
