package io.quarkiverse.llamacloud.chat.runtime.http;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkiverse.llamacloud.chat.TurnRequest;

/**
 * Body of {@code POST /api/v1/chat/{session_id}/messages/stream}. {@code index_ids} is always sent: the service's
 * declared contract requires it (LlamaCloud's SDKs type it {@code Array<string>}, neither optional nor nullable);
 * {@code require_all_indexes}, newer and optional, only when chosen.
 *
 * @param prompt the user's message
 * @param indexIds indexes to retrieve from, empty for none
 * @param requireAllIndexes whether every index must be queried, or {@code null}
 */
public record StreamTurnRequest(
        @JsonProperty("prompt") String prompt,
        @JsonProperty("index_ids") List<String> indexIds,
        @JsonProperty("require_all_indexes") @JsonInclude(JsonInclude.Include.NON_NULL) Boolean requireAllIndexes) {

    /** Never lets a missing list through: the service rejects a turn without one. */
    public StreamTurnRequest {
        indexIds = indexIds == null ? List.of() : List.copyOf(indexIds);
    }

    /**
     * @param request the public request
     * @param indexIds the indexes to send: the request's, or the session's own when it names none
     * @return its wire form
     */
    public static StreamTurnRequest of(TurnRequest request, List<String> indexIds) {
        return new StreamTurnRequest(request.prompt(), indexIds, request.requireAllIndexes());
    }
}
