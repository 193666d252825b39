package io.quarkiverse.llamacloud.chat;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Token usage and status of the most recent run of a session ({@code job_metadata}).
 * <p>
 * Every field is optional on the wire: a missing number reads as {@code 0}, a missing flag as {@code false}, a missing
 * list as empty.
 *
 * @param durationMs how long the run took, in milliseconds ({@code duration_ms})
 * @param error the error text of a failed run ({@code error}); {@code null} when there was none
 * @param exportConfigIds export configurations applied to the run ({@code export_config_ids})
 * @param isError whether the run failed ({@code is_error})
 * @param totalInputTokens input tokens used ({@code total_input_tokens})
 * @param totalOutputTokens output tokens used ({@code total_output_tokens})
 * @param turns agent turns taken ({@code turns})
 */
public record JobMetadata(
        @JsonProperty("duration_ms") double durationMs,
        @JsonProperty("error") String error,
        @JsonProperty("export_config_ids") List<String> exportConfigIds,
        @JsonProperty("is_error") boolean isError,
        @JsonProperty("total_input_tokens") long totalInputTokens,
        @JsonProperty("total_output_tokens") long totalOutputTokens,
        @JsonProperty("turns") long turns) {

    /** Normalizes a missing list to an empty, immutable one. */
    public JobMetadata {
        exportConfigIds = exportConfigIds == null ? List.of() : List.copyOf(exportConfigIds);
    }
}
