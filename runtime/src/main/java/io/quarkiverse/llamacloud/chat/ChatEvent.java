package io.quarkiverse.llamacloud.chat;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;

/**
 * One event of a chat turn, as streamed by the agent or stored in a session's history.
 * <p>
 * The wire carries a JSON object whose {@code type} field selects the record. Test for the records you handle:
 *
 * <pre>{@code
 * if (event instanceof ChatEvent.TextDelta delta) {
 *     out.append(delta.content());
 * } else if (event instanceof ChatEvent.ToolCall call) {
 *     log.infof("calling %s", call.name());
 * } else if (event instanceof ChatEvent.Stop stop) {
 *     log.infof("%d output tokens", stop.usage().totalOutputTokens());
 * }
 * }</pre>
 *
 * (On Java 21, a pattern-matching {@code switch} over the sealed hierarchy does the same.)
 *
 * A {@code type} this version does not know arrives as {@link Unknown} with the raw JSON, never as a failure, so
 * a newer server cannot break a client. Unknown fields of known types are ignored.
 * <p>
 * JSON whose shape the service leaves open (a tool call's arguments, a tool's result, an unknown event) is a
 * Jackson {@link JsonNode}: Jackson is already what the events are read with, a tree keeps numbers and nesting
 * exactly as sent, and it converts to any type with {@code ObjectMapper.treeToValue}. Treat the trees as read-only:
 * they are the event's own.
 */
public sealed interface ChatEvent {

    /** @return the event's wire {@code type}, such as {@code text_delta} */
    @JsonProperty("type")
    String type();

    /**
     * A piece of the agent's reasoning, streamed as it is produced ({@code thinking_delta}).
     *
     * @param content the piece of text; empty if the server sent none
     */
    @JsonPropertyOrder({ "type", "content" })
    record ThinkingDelta(@JsonProperty("content") String content) implements ChatEvent {
        /** The wire type of this event. */
        public static final String TYPE = "thinking_delta";

        /** Normalizes missing content to the empty string. */
        public ThinkingDelta {
            content = content == null ? "" : content;
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /**
     * A piece of the answer text, streamed as it is produced ({@code text_delta}).
     *
     * @param content the piece of text; empty if the server sent none
     */
    @JsonPropertyOrder({ "type", "content" })
    record TextDelta(@JsonProperty("content") String content) implements ChatEvent {
        /** The wire type of this event. */
        public static final String TYPE = "text_delta";

        /** Normalizes missing content to the empty string. */
        public TextDelta {
            content = content == null ? "" : content;
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /**
     * The agent's complete reasoning for one step ({@code thinking}); repeats what its deltas carried.
     *
     * @param content the complete text; empty if the server sent none
     */
    @JsonPropertyOrder({ "type", "content" })
    record Thinking(@JsonProperty("content") String content) implements ChatEvent {
        /** The wire type of this event. */
        public static final String TYPE = "thinking";

        /** Normalizes missing content to the empty string. */
        public Thinking {
            content = content == null ? "" : content;
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /**
     * A complete piece of answer text ({@code text}); repeats what its deltas carried.
     *
     * @param content the complete text; empty if the server sent none
     */
    @JsonPropertyOrder({ "type", "content" })
    record Text(@JsonProperty("content") String content) implements ChatEvent {
        /** The wire type of this event. */
        public static final String TYPE = "text";

        /** Normalizes missing content to the empty string. */
        public Text {
            content = content == null ? "" : content;
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /**
     * The agent calls a tool, typically a retrieval over the session's indexes ({@code tool_call}).
     *
     * @param callId identifies the call; the matching {@link ToolResult} carries the same id ({@code call_id})
     * @param name the tool's name
     * @param arguments the call's arguments, a JSON object as the service sends them (any other JSON value is kept
     *        as sent); an empty object if none were sent, never {@code null}
     */
    @JsonPropertyOrder({ "type", "call_id", "name", "arguments" })
    record ToolCall(
            @JsonProperty("call_id") String callId,
            @JsonProperty("name") String name,
            @JsonProperty("arguments") JsonNode arguments) implements ChatEvent {
        /** The wire type of this event. */
        public static final String TYPE = "tool_call";

        /** Normalizes missing arguments to an empty object. */
        public ToolCall {
            arguments = arguments == null || arguments.isNull() || arguments.isMissingNode()
                    ? JsonNodeFactory.instance.objectNode()
                    : arguments;
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /**
     * The result of a {@link ToolCall} ({@code tool_result}), for example the passages a retrieval found.
     *
     * @param callId the id of the call this answers ({@code call_id})
     * @param name the tool's name
     * @param result the result, any JSON value; {@link NullNode} when absent, never {@code null}
     * @param imageAttachment a page screenshot to resolve lazily ({@code image_attachment}), or {@code null}
     */
    @JsonPropertyOrder({ "type", "call_id", "name", "result", "image_attachment" })
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ToolResult(
            @JsonProperty("call_id") String callId,
            @JsonProperty("name") String name,
            @JsonProperty("result") JsonNode result,
            @JsonProperty("image_attachment") ImageAttachment imageAttachment) implements ChatEvent {
        /** The wire type of this event. */
        public static final String TYPE = "tool_result";

        /** Normalizes a missing result to {@link NullNode}. */
        public ToolResult {
            result = result == null ? NullNode.getInstance() : result;
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /**
     * The last event of a turn ({@code stop}), with its usage and whether it failed.
     * <p>
     * A failed turn arrives as a {@code Stop} with {@code isError} set; the stream itself still completes normally.
     *
     * @param isError whether the turn failed ({@code is_error})
     * @param error the server's error text when it failed, or {@code null}
     * @param usage the turn's usage; {@link Usage#NONE} if the server sent none, never {@code null}
     * @param skippedIndexIds indexes that could not be queried this turn ({@code skipped_index_ids}, newer servers);
     *        empty when none, never {@code null}
     */
    @JsonPropertyOrder({ "type", "is_error", "error", "usage", "skipped_index_ids" })
    record Stop(
            @JsonProperty("is_error") boolean isError,
            @JsonProperty("error") String error,
            @JsonProperty("usage") Usage usage,
            @JsonProperty("skipped_index_ids") List<String> skippedIndexIds) implements ChatEvent {
        /** The wire type of this event. */
        public static final String TYPE = "stop";

        /** Normalizes missing usage and index lists. */
        public Stop {
            usage = usage == null ? Usage.NONE : usage;
            skippedIndexIds = skippedIndexIds == null ? List.of() : List.copyOf(skippedIndexIds);
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /**
     * The user's message that started a turn ({@code user_input}); appears in a session's stored history.
     *
     * @param content the message; empty if the server sent none
     */
    @JsonPropertyOrder({ "type", "content" })
    record UserInput(@JsonProperty("content") String content) implements ChatEvent {
        /** The wire type of this event. */
        public static final String TYPE = "user_input";

        /** Normalizes missing content to the empty string. */
        public UserInput {
            content = content == null ? "" : content;
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /**
     * An event whose {@code type} this version of the extension does not know. Kept whole, so nothing is lost.
     *
     * @param type the wire type as sent; empty if the object had no {@code type}
     * @param raw the complete JSON object as received
     */
    record Unknown(String type, JsonNode raw) implements ChatEvent {

        /** Normalizes a missing type to the empty string. */
        public Unknown {
            type = type == null ? "" : type;
        }

        /** @return the raw JSON object, which is also how this event serializes */
        @JsonValue
        public JsonNode raw() {
            return raw;
        }
    }
}
