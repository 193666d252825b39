package io.quarkiverse.llamacloud.chat;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Summary of a chat session: its id, title, bound indexes and the metadata of its last run.
 * <p>
 * Returned by {@link ChatSessions#create()}, {@link ChatSessions#summary(String)},
 * {@link ChatSessions#generateTitle(String, String)} and, one per session, by the list calls.
 *
 * @param sessionId unique session identifier ({@code session_id})
 * @param lastUpdatedAt when the session was last updated ({@code last_updated_at}); a timestamp sent without a
 *        zone offset is read as UTC; {@code null} if the server sent none
 * @param generatedTitle title generated from the first user message ({@code generated_title}); {@code null} until one
 *        is generated
 * @param indexIds indexes the session is bound to ({@code index_ids}); empty for an unbound session, never
 *        {@code null}
 * @param jobMetadata token usage and status of the most recent run ({@code job_metadata}); {@code null} if the
 *        session has not run yet
 * @param sharedAccess sharing mode of the session ({@code shared_access}, newer servers only: {@code query} or
 *        {@code read_only}); {@code null} when not sent
 */
public record SessionSummary(
        @JsonProperty("session_id") String sessionId,
        @JsonProperty("last_updated_at") Instant lastUpdatedAt,
        @JsonProperty("generated_title") String generatedTitle,
        @JsonProperty("index_ids") List<String> indexIds,
        @JsonProperty("job_metadata") JobMetadata jobMetadata,
        @JsonProperty("shared_access") String sharedAccess) {

    /** Normalizes a missing index list to an empty, immutable one. */
    public SessionSummary {
        indexIds = indexIds == null ? List.of() : List.copyOf(indexIds);
    }

    /** @return {@code true} when the session is bound to at least one index */
    public boolean isBound() {
        return !indexIds.isEmpty();
    }
}
