package io.quarkiverse.llamacloud.chat.runtime.json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkiverse.llamacloud.chat.ChatEvent;
import io.quarkiverse.llamacloud.chat.ImageAttachment;
import io.quarkiverse.llamacloud.chat.Usage;

/**
 * Builds {@link ChatEvent} records from their JSON objects by hand, dispatching on {@code type}.
 * <p>
 * Hand-written rather than annotation-driven so that the sealed hierarchy needs no polymorphic type metadata,
 * unknown types can keep their raw JSON, and decoding reaches no record by reflection.
 */
public final class ChatEvents {

    // A reader bound to JsonNode: ObjectMapper.readTree resolves the JsonNode type again on every call.
    private static final ObjectReader TREE = LlamaCloudJson.mapper().readerFor(JsonNode.class);
    private static final JsonFactory FACTORY = LlamaCloudJson.mapper().getFactory();

    private ChatEvents() {
    }

    /**
     * Decodes one event from the UTF-8 bytes of its JSON object.
     *
     * @param data the bytes
     * @param offset where the object starts
     * @param length its length in bytes
     * @return the event, or {@code null} when the JSON is valid but not an object
     * @throws IOException when the bytes are not JSON
     */
    public static ChatEvent decode(byte[] data, int offset, int length) throws IOException {
        // Text first: from bytes, Jackson would guess another encoding, skip a BOM or accept overlong and surrogate
        // sequences, where the event-stream specification says U+FFFD for every invalid sequence.
        return decode(new String(data, offset, length, StandardCharsets.UTF_8));
    }

    /**
     * Decodes one event from its JSON text.
     * <p>
     * The events that make up almost all of a stream ({@code text_delta}, {@code thinking_delta}, with only
     * {@code type} and {@code content}) are read token by token straight into their record; anything else, or
     * anything unusual about them, is read as a tree. The token path is kept because the benchmark suite's
     * throughput falls by more than a tenth without it (the figures are in the performance guide).
     *
     * @param data the JSON
     * @return the event, or {@code null} when the JSON is valid but not an object
     * @throws IOException when the text is not JSON
     */
    public static ChatEvent decode(String data) throws IOException {
        ChatEvent simple = decodeSimple(data);
        if (simple != null) {
            return simple;
        }
        JsonNode json = TREE.readTree(data);
        return json instanceof ObjectNode object ? fromJson(object) : null;
    }

    /** @return the event, or {@code null} if it is anything but a plain delta-like event: the tree decides then */
    private static ChatEvent decodeSimple(String data) {
        try (JsonParser parser = FACTORY.createParser(data)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            String type = null;
            String content = null;
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (name.equals("type") && value == JsonToken.VALUE_STRING) {
                    type = parser.getText();
                } else if (name.equals("content") && value == JsonToken.VALUE_STRING) {
                    content = parser.getText();
                } else if (name.equals("content") && value == JsonToken.VALUE_NULL) {
                    content = null;
                } else {
                    return null;
                }
            }
            if (token != JsonToken.END_OBJECT || type == null) {
                return null;
            }
            return contentEvent(type, content);
        } catch (IOException | RuntimeException unusual) {
            return null; // the tree gives the error, with its own message
        }
    }

    /** @return the event of a type whose only field is {@code content}, or {@code null} for any other type */
    private static ChatEvent contentEvent(String type, String content) {
        return switch (type) {
            case ChatEvent.TextDelta.TYPE -> new ChatEvent.TextDelta(content);
            case ChatEvent.ThinkingDelta.TYPE -> new ChatEvent.ThinkingDelta(content);
            case ChatEvent.Text.TYPE -> new ChatEvent.Text(content);
            case ChatEvent.Thinking.TYPE -> new ChatEvent.Thinking(content);
            case ChatEvent.UserInput.TYPE -> new ChatEvent.UserInput(content);
            default -> null;
        };
    }

    /**
     * Decodes one event object.
     *
     * @param json the event's JSON object
     * @return the matching record, or {@link ChatEvent.Unknown} for a type this version does not know
     */
    public static ChatEvent fromJson(ObjectNode json) {
        String type = text(json, "type");
        if (type == null) {
            return new ChatEvent.Unknown(null, json);
        }
        ChatEvent withContent = contentEvent(type, text(json, "content"));
        if (withContent != null) {
            return withContent;
        }
        return switch (type) {
            case ChatEvent.ToolCall.TYPE -> new ChatEvent.ToolCall(text(json, "call_id"), text(json, "name"),
                    json.get("arguments"));
            case ChatEvent.ToolResult.TYPE -> new ChatEvent.ToolResult(text(json, "call_id"), text(json, "name"),
                    json.get("result"), attachment(json.get("image_attachment")));
            case ChatEvent.Stop.TYPE -> new ChatEvent.Stop(json.path("is_error").asBoolean(false),
                    text(json, "error"), usage(json.get("usage")), strings(json.get("skipped_index_ids")));
            default -> new ChatEvent.Unknown(type, json);
        };
    }

    private static String text(JsonNode json, String field) {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        return value.isValueNode() ? value.asText() : value.toString();
    }

    private static ImageAttachment attachment(JsonNode value) {
        if (value == null || !value.isObject()) {
            return null;
        }
        return new ImageAttachment(text(value, "attachment_name"), text(value, "source_id"));
    }

    private static Usage usage(JsonNode value) {
        if (value == null || !value.isObject()) {
            return null;
        }
        return new Usage(value.path("duration_ms").asDouble(0), value.path("total_input_tokens").asLong(0),
                value.path("total_output_tokens").asLong(0), value.path("turns").asLong(0));
    }

    private static List<String> strings(JsonNode value) {
        if (value == null || !value.isArray()) {
            return null;
        }
        List<String> result = new ArrayList<>(value.size());
        value.forEach(item -> result.add(item.asText()));
        return result;
    }
}
