package io.quarkiverse.llamacloud.chat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One chat turn, assembled from its events: the answer, the reasoning, the tool calls with their results, and usage.
 * <p>
 * Serializes with the API's snake_case names, like the other records.
 * <p>
 * Text is assembled the same way whether the server streamed deltas, sent complete {@code text} events, or both: a
 * complete event replaces the deltas that preceded it, so nothing is doubled. Consecutive pieces are concatenated
 * as sent.
 *
 * @param answer the answer text
 * @param thinking the agent's reasoning text
 * @param toolExchanges each tool call with its result, in call order
 * @param images the page screenshots attached to tool results, in order
 * @param usage the turn's usage from its {@code stop} event; {@link Usage#NONE} without one
 * @param skippedIndexIds indexes that could not be queried this turn
 * @param isError whether the turn failed ({@code stop} with {@code is_error})
 * @param error the server's error text for a failed turn, or {@code null}
 * @param events every event of the turn, in order, unknown ones included
 */
public record ChatTurn(
        @JsonProperty("answer") String answer,
        @JsonProperty("thinking") String thinking,
        @JsonProperty("tool_exchanges") List<ToolExchange> toolExchanges,
        @JsonProperty("images") List<ImageAttachment> images,
        @JsonProperty("usage") Usage usage,
        @JsonProperty("skipped_index_ids") List<String> skippedIndexIds,
        @JsonProperty("is_error") boolean isError,
        @JsonProperty("error") String error,
        @JsonProperty("events") List<ChatEvent> events) {

    /** Makes the lists immutable. */
    public ChatTurn {
        toolExchanges = List.copyOf(toolExchanges);
        images = List.copyOf(images);
        skippedIndexIds = List.copyOf(skippedIndexIds);
        events = List.copyOf(events);
    }

    /**
     * Assembles a turn from its events, for example those of {@link ChatSessions#stream(String, String)} or a slice
     * of a session's history.
     *
     * @param events the turn's events, in order
     * @return the turn
     */
    public static ChatTurn of(List<ChatEvent> events) {
        Text answer = new Text();
        Text thinking = new Text();
        Map<String, ChatEvent.ToolCall> calls = new LinkedHashMap<>();
        Map<String, ChatEvent.ToolResult> results = new LinkedHashMap<>();
        List<ToolExchange> unmatchedResults = new ArrayList<>();
        List<ImageAttachment> images = new ArrayList<>();
        ChatEvent.Stop stop = null;
        int anonymous = 0;
        for (ChatEvent event : events) {
            if (event instanceof ChatEvent.TextDelta delta) {
                answer.delta(delta.content());
            } else if (event instanceof ChatEvent.Text text) {
                answer.complete(text.content());
            } else if (event instanceof ChatEvent.ThinkingDelta delta) {
                thinking.delta(delta.content());
            } else if (event instanceof ChatEvent.Thinking text) {
                thinking.complete(text.content());
            } else if (event instanceof ChatEvent.ToolCall call) {
                calls.put(call.callId() != null ? call.callId() : "#" + anonymous++, call);
            } else if (event instanceof ChatEvent.ToolResult result) {
                if (result.imageAttachment() != null) {
                    images.add(result.imageAttachment());
                }
                if (result.callId() != null && calls.containsKey(result.callId()) && !results.containsKey(result.callId())) {
                    results.put(result.callId(), result);
                } else {
                    unmatchedResults.add(new ToolExchange(null, result));
                }
            } else if (event instanceof ChatEvent.Stop last) {
                stop = last;
            }
            // user_input and unknown events stay in events() only
        }
        List<ToolExchange> exchanges = new ArrayList<>();
        calls.forEach((id, call) -> exchanges.add(new ToolExchange(call, results.get(id))));
        exchanges.addAll(unmatchedResults);
        return new ChatTurn(answer.toString(), thinking.toString(), exchanges, images,
                stop == null ? Usage.NONE : stop.usage(), stop == null ? List.of() : stop.skippedIndexIds(),
                stop != null && stop.isError(), stop == null ? null : stop.error(), events);
    }

    /** Text built from deltas and complete pieces; a complete piece replaces the deltas before it. */
    private static final class Text {
        private final StringBuilder confirmed = new StringBuilder();
        private final StringBuilder pending = new StringBuilder();

        void delta(String content) {
            pending.append(content);
        }

        void complete(String content) {
            confirmed.append(content);
            pending.setLength(0);
        }

        @Override
        public String toString() {
            return confirmed.toString() + pending;
        }
    }
}
