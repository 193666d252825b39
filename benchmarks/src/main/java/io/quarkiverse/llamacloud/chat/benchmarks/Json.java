package io.quarkiverse.llamacloud.chat.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** JSON for the harness (request bodies, results), not for the measured decoding. */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    /** A turn's body as LlamaCloud's SDKs send it: the prompt and the required {@code index_ids} (none here). */
    static String promptBody(String prompt) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("prompt", prompt);
        body.putArray("index_ids");
        return body.toString();
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static JsonNode parse(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("Not JSON: " + text, e);
        }
    }
}
