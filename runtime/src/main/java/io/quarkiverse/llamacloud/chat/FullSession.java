package io.quarkiverse.llamacloud.chat;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A chat session with its complete event history, as returned by {@link ChatSessions#get(String)}.
 * <p>
 * The summary fields mean what they mean on {@link SessionSummary}; {@link #summary()} returns them as one.
 *
 * @param events the conversation so far, in order: each turn's {@link ChatEvent.UserInput} followed by the agent's
 *        events; never {@code null}
 * @param sessionId unique session identifier ({@code session_id})
 * @param lastUpdatedAt when the session was last updated ({@code last_updated_at}), zone-less timestamps read as UTC
 * @param generatedTitle generated title ({@code generated_title}), or {@code null}
 * @param indexIds bound indexes ({@code index_ids}); empty for an unbound session
 * @param jobMetadata metadata of the most recent run ({@code job_metadata}), or {@code null} before the first run
 * @param sharedAccess sharing mode ({@code shared_access}, newer servers), or {@code null}
 */
public record FullSession(
        @JsonProperty("events") List<ChatEvent> events,
        @JsonProperty("session_id") String sessionId,
        @JsonProperty("last_updated_at") Instant lastUpdatedAt,
        @JsonProperty("generated_title") String generatedTitle,
        @JsonProperty("index_ids") List<String> indexIds,
        @JsonProperty("job_metadata") JobMetadata jobMetadata,
        @JsonProperty("shared_access") String sharedAccess) {

    /** Normalizes missing lists to empty, immutable ones. */
    public FullSession {
        events = events == null ? List.of() : List.copyOf(events);
        indexIds = indexIds == null ? List.of() : List.copyOf(indexIds);
    }

    /** @return the summary fields of this session, without the events */
    public SessionSummary summary() {
        return new SessionSummary(sessionId, lastUpdatedAt, generatedTitle, indexIds, jobMetadata, sharedAccess);
    }
}
