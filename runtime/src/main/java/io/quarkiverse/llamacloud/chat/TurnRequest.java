package io.quarkiverse.llamacloud.chat;

import java.util.List;

/**
 * What to send for one chat turn: the prompt and, optionally, which indexes to retrieve from.
 *
 * <pre>{@code
 * chat.stream(sessionId, TurnRequest.of("What changed in Q3?").withIndexIds(List.of("idx-1")).withRequireAllIndexes(true));
 * }</pre>
 *
 * @param prompt the user's message; the service accepts up to 1,000 characters
 * @param indexIds indexes to retrieve from; empty to use the session's own (the extension sends them, since the service
 *        requires {@code index_ids} on every turn: known from the calls it has made, or fetched with one summary
 *        request). A session's index set locks after its first message: sending another set then fails with the
 *        service's 400, as a {@link LlamaCloudBadRequestException}.
 * @param requireAllIndexes {@code true} to make the turn fail when any index cannot be queried, {@code false} to
 *        let it continue without it, {@code null} to leave the choice to the service (nothing is sent)
 */
public record TurnRequest(String prompt, List<String> indexIds, Boolean requireAllIndexes) {

    /** Rejects a missing prompt and normalizes a missing index list. */
    public TurnRequest {
        if (prompt == null) {
            throw new IllegalArgumentException("prompt must not be null");
        }
        indexIds = indexIds == null ? List.of() : List.copyOf(indexIds);
    }

    /**
     * @param prompt the user's message
     * @return a request that uses the session's indexes
     */
    public static TurnRequest of(String prompt) {
        return new TurnRequest(prompt, List.of(), null);
    }

    /**
     * @param indexIds the indexes to retrieve from
     * @return a copy with these indexes
     */
    public TurnRequest withIndexIds(List<String> indexIds) {
        return new TurnRequest(prompt, indexIds, requireAllIndexes);
    }

    /**
     * @param require whether the turn must fail when an index cannot be queried
     * @return a copy that sends {@code require_all_indexes}
     */
    public TurnRequest withRequireAllIndexes(boolean require) {
        return new TurnRequest(prompt, indexIds, require);
    }
}
