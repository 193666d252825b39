package io.quarkiverse.llamacloud.chat;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Resource usage of one chat turn, carried by {@link ChatEvent.Stop#usage()}. Missing numbers read as {@code 0}.
 *
 * @param durationMs how long the turn took, in milliseconds ({@code duration_ms})
 * @param totalInputTokens input tokens used ({@code total_input_tokens})
 * @param totalOutputTokens output tokens used ({@code total_output_tokens})
 * @param turns agent turns taken ({@code turns})
 */
public record Usage(
        @JsonProperty("duration_ms") double durationMs,
        @JsonProperty("total_input_tokens") long totalInputTokens,
        @JsonProperty("total_output_tokens") long totalOutputTokens,
        @JsonProperty("turns") long turns) {

    /** Usage of a turn that reported none. */
    public static final Usage NONE = new Usage(0, 0, 0, 0);
}
