package io.quarkiverse.llamacloud.chat.runtime.json;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
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

    private static final TypeReference<Map<String, Object>> ARGUMENTS = new TypeReference<>() {
    };

    private ChatEvents() {
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
        return switch (type) {
            case ChatEvent.TextDelta.TYPE -> new ChatEvent.TextDelta(text(json, "content"));
            case ChatEvent.ThinkingDelta.TYPE -> new ChatEvent.ThinkingDelta(text(json, "content"));
            case ChatEvent.Text.TYPE -> new ChatEvent.Text(text(json, "content"));
            case ChatEvent.Thinking.TYPE -> new ChatEvent.Thinking(text(json, "content"));
            case ChatEvent.UserInput.TYPE -> new ChatEvent.UserInput(text(json, "content"));
            case ChatEvent.ToolCall.TYPE -> new ChatEvent.ToolCall(text(json, "call_id"), text(json, "name"),
                    arguments(json.get("arguments")));
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

    private static Map<String, Object> arguments(JsonNode value) {
        if (value == null || !value.isObject()) {
            return null;
        }
        return LlamaCloudJson.mapper().convertValue(value, ARGUMENTS);
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
