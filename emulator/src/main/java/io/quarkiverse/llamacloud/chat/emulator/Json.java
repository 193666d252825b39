package io.quarkiverse.llamacloud.chat.emulator;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/** JSON and HTTP helpers shared by the emulator's handlers. */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    static final String REQUEST_ID = "x-request-id";

    private Json() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    static ArrayNode strings(Collection<String> values) {
        ArrayNode array = array();
        values.forEach(array::add);
        return array;
    }

    static JsonNode parse(String text) throws JsonProcessingException {
        return MAPPER.readTree(text);
    }

    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return now in UTC, to the microsecond, as the service stores it (no offset) */
    static LocalDateTime now() {
        return LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }

    /**
     * Formats like Python's {@code datetime.isoformat()} on a naive datetime: {@code 2026-04-22T12:34:41.342245}, and
     * without the fraction when the microseconds are zero.
     */
    static String timestamp(LocalDateTime time) {
        String base = String.format("%04d-%02d-%02dT%02d:%02d:%02d", time.getYear(), time.getMonthValue(),
                time.getDayOfMonth(), time.getHour(), time.getMinute(), time.getSecond());
        int micros = time.getNano() / 1000;
        return micros == 0 ? base : base + String.format(".%06d", micros);
    }

    static String newRequestId() {
        return "req-" + UUID.randomUUID();
    }

    /** Sends a JSON response, unless the connection is already gone. */
    static void send(HttpServerResponse response, int status, JsonNode body) {
        if (response.closed() || response.ended()) {
            return;
        }
        try {
            response.setStatusCode(status)
                    .putHeader("content-type", "application/json")
                    .end(Buffer.buffer(write(body)));
        } catch (IllegalStateException ignored) {
            // the client went away meanwhile
        }
    }

    static void sendDetail(HttpServerResponse response, int status, String detail) {
        ObjectNode body = object();
        body.put("detail", detail);
        send(response, status, body);
    }

    static void sendNoContent(HttpServerResponse response) {
        if (response.closed() || response.ended()) {
            return;
        }
        try {
            response.setStatusCode(204).end();
        } catch (IllegalStateException ignored) {
            // the client went away meanwhile
        }
    }

    static int codePoints(String text) {
        return text.codePointCount(0, text.length());
    }

    /** @return the number of whitespace-separated words, the emulator's token count */
    static int words(String text) {
        String stripped = text.strip();
        return stripped.isEmpty() ? 0 : stripped.split("\\s+").length;
    }
}
