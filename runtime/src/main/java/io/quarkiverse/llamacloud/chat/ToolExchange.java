package io.quarkiverse.llamacloud.chat;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A tool call of a turn paired with its result by {@code call_id}.
 *
 * @param call the call
 * @param result its result, or {@code null} if the turn ended before the result arrived
 */
public record ToolExchange(@JsonProperty("call") ChatEvent.ToolCall call,
        @JsonProperty("result") ChatEvent.ToolResult result) {
}
