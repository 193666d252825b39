package io.quarkiverse.llamacloud.chat.runtime.json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

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
     * Decodes one event from its JSON text, read as a tree. (A token-level path for deltas saved too little to
     * keep: the benchmark suite's decode figures are in the performance guide.)
     *
     * @param data the JSON
     * @return the event, or {@code null} when the JSON is valid but not an object
     * @throws IOException when the text is not JSON
     */
    public static ChatEvent decode(String data) throws IOException {
        JsonNode json = TREE.readTree(data);
        return json instanceof ObjectNode object ? fromJson(object) : null;
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
