package io.quarkiverse.llamacloud.chat.runtime.json;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
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
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private ChatEvents() {
    }

    /**
     * Decodes one event from the UTF-8 bytes of its JSON object.
     * <p>
     * The events that make up almost all of a stream ({@code text_delta}, {@code thinking_delta}, with only
     * {@code type} and {@code content}) are read token by token straight into their record. Anything else, or
     * anything unusual about them, is read as a tree. Bytes that are not strict UTF-8 are decoded as text first, so the
     * result is always what {@link #decode(String)} gives for {@code new String(data, offset, length, UTF_8)}.
     *
     * @param data the bytes
     * @param offset where the object starts
     * @param length its length in bytes
     * @return the event, or {@code null} when the JSON is valid but not an object
     * @throws IOException when the bytes are not JSON
     */
    public static ChatEvent decode(byte[] data, int offset, int length) throws IOException {
        if (!isPlainUtf8(data, offset, length)) {
            // Jackson would guess another encoding, skip a BOM or accept overlong and surrogate sequences; the text
            // path decodes exactly as the event-stream specification says (U+FFFD for every invalid sequence).
            return decode(new String(data, offset, length, StandardCharsets.UTF_8));
        }
        ChatEvent simple = decodeSimple(data, offset, length);
        if (simple != null) {
            return simple;
        }
        JsonNode json = TREE.readTree(data, offset, length);
        return json instanceof ObjectNode object ? fromJson(object) : null;
    }

    /**
     * Decodes one event from its JSON text.
     *
     * @param data the JSON
     * @return the event, or {@code null} when the JSON is valid but not an object
     * @throws IOException when the text is not JSON
     */
    public static ChatEvent decode(String data) throws IOException {
        JsonNode json = TREE.readTree(data);
        return json instanceof ObjectNode object ? fromJson(object) : null;
    }

    /**
     * @return whether the bytes are strict UTF-8 (RFC 3629: no overlong forms, surrogates or code points past
     *         U+10FFFF) that Jackson reads as UTF-8: no byte-order mark, and no NUL in the first four bytes, from
     *         which Jackson would guess UTF-16 or UTF-32
     */
    static boolean isPlainUtf8(byte[] data, int offset, int length) {
        int end = offset + length;
        for (int i = offset; i < Math.min(end, offset + 4); i++) {
            if (data[i] == 0) {
                return false;
            }
        }
        int i = offset;
        // ASCII, almost all of a stream, eight bytes at a time: no byte of the word has its high bit set.
        while (i + 8 <= end && ((long) LONGS.get(data, i) & 0x8080808080808080L) == 0) {
            i += 8;
        }
        while (i < end) {
            int lead = data[i] & 0xFF;
            if (lead < 0x80) {
                i++;
                continue;
            }
            int continuations;
            int secondMin = 0x80;
            int secondMax = 0xBF;
            if (lead >= 0xC2 && lead <= 0xDF) {
                continuations = 1;
            } else if (lead >= 0xE0 && lead <= 0xEF) {
                continuations = 2;
                if (lead == 0xE0) {
                    secondMin = 0xA0; // shorter forms are overlong
                } else if (lead == 0xED) {
                    secondMax = 0x9F; // above are UTF-16 surrogates
                }
            } else if (lead >= 0xF0 && lead <= 0xF4) {
                continuations = 3;
                if (lead == 0xF0) {
                    secondMin = 0x90;
                } else if (lead == 0xF4) {
                    secondMax = 0x8F; // above is past U+10FFFF
                }
            } else {
                return false;
            }
            if (i + continuations >= end) {
                return false;
            }
            int second = data[i + 1] & 0xFF;
            if (second < secondMin || second > secondMax) {
                return false;
            }
            for (int k = 2; k <= continuations; k++) {
                int next = data[i + k] & 0xFF;
                if (next < 0x80 || next > 0xBF) {
                    return false;
                }
            }
            if (i == offset && lead == 0xEF && second == 0xBB && (data[i + 2] & 0xFF) == 0xBF) {
                return false; // a byte-order mark, which Jackson would skip
            }
            i += continuations + 1;
        }
        return true;
    }

    /** @return the event, or {@code null} if it is anything but a plain delta-like event: the tree decides then */
    private static ChatEvent decodeSimple(byte[] data, int offset, int length) {
        try (JsonParser parser = FACTORY.createParser(data, offset, length)) {
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
            return null;
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
