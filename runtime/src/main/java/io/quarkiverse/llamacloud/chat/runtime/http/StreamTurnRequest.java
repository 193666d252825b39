package io.quarkiverse.llamacloud.chat.runtime.http;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkiverse.llamacloud.chat.TurnRequest;

/**
 * Body of {@code POST /api/v1/chat/{session_id}/messages/stream}. Absent values are left out, so the service applies
 * its defaults (the session's indexes).
 *
 * @param prompt the user's message
 * @param indexIds indexes to retrieve from, or {@code null}
 * @param requireAllIndexes whether every index must be queried, or {@code null}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StreamTurnRequest(
        @JsonProperty("prompt") String prompt,
        @JsonProperty("index_ids") List<String> indexIds,
        @JsonProperty("require_all_indexes") Boolean requireAllIndexes) {

    /**
     * @param request the public request
     * @return its wire form
     */
    public static StreamTurnRequest of(TurnRequest request) {
        return new StreamTurnRequest(request.prompt(), request.indexIds().isEmpty() ? null : request.indexIds(),
                request.requireAllIndexes());
    }
}
