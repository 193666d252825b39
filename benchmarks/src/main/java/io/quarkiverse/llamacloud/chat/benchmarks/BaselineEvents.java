package io.quarkiverse.llamacloud.chat.benchmarks;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkiverse.llamacloud.chat.ChatEvent;
import io.quarkiverse.llamacloud.chat.ImageAttachment;
import io.quarkiverse.llamacloud.chat.Usage;

/**
 * The baselines' decoding: the event's JSON bytes parsed by Jackson into a tree, then into the same
 * {@link ChatEvent} records the extension delivers. Written independently of the extension's own decoder.
 */
final class BaselineEvents {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private BaselineEvents() {
    }

    static ChatEvent decode(byte[] json, int offset, int length) throws java.io.IOException {
        return decode(MAPPER.readTree(json, offset, length));
    }

    static ChatEvent decode(String json) throws java.io.IOException {
        return decode(MAPPER.readTree(json));
    }

    static ChatEvent decode(JsonNode json) {
        if (!(json instanceof ObjectNode object)) {
            throw new IllegalArgumentException("not a JSON object: " + json);
        }
        String type = string(object.get("type"));
        if (type == null) {
            return new ChatEvent.Unknown(null, object);
        }
        return switch (type) {
            case "text_delta" -> new ChatEvent.TextDelta(string(object.get("content")));
            case "thinking_delta" -> new ChatEvent.ThinkingDelta(string(object.get("content")));
            case "text" -> new ChatEvent.Text(string(object.get("content")));
            case "thinking" -> new ChatEvent.Thinking(string(object.get("content")));
            case "user_input" -> new ChatEvent.UserInput(string(object.get("content")));
            case "tool_call" -> new ChatEvent.ToolCall(string(object.get("call_id")), string(object.get("name")),
                    object.get("arguments"));
            case "tool_result" -> {
                JsonNode attachment = object.get("image_attachment");
                yield new ChatEvent.ToolResult(string(object.get("call_id")), string(object.get("name")),
                        object.get("result"), attachment instanceof ObjectNode a
                                ? new ImageAttachment(string(a.get("attachment_name")), string(a.get("source_id")))
                                : null);
            }
            case "stop" -> {
                JsonNode usage = object.get("usage");
                List<String> skipped = null;
                if (object.get("skipped_index_ids") instanceof com.fasterxml.jackson.databind.node.ArrayNode ids) {
                    skipped = new ArrayList<>(ids.size());
                    for (JsonNode id : ids) {
                        skipped.add(id.asText());
                    }
                }
                yield new ChatEvent.Stop(object.path("is_error").asBoolean(false), string(object.get("error")),
                        usage instanceof ObjectNode u
                                ? new Usage(u.path("duration_ms").asDouble(0), u.path("total_input_tokens").asLong(0),
                                        u.path("total_output_tokens").asLong(0), u.path("turns").asLong(0))
                                : null,
                        skipped);
            }
            default -> new ChatEvent.Unknown(type, object);
        };
    }

    private static String string(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        return value.isValueNode() ? value.asText() : value.toString();
    }
}
