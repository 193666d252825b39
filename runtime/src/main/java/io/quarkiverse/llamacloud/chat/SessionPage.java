package io.quarkiverse.llamacloud.chat;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One page of {@link ChatSessions#list(Integer, String)}.
 *
 * @param items the sessions on this page; never {@code null}
 * @param nextPageToken the cursor to pass as {@code pageToken} for the next page ({@code next_page_token}), or
 *        {@code null}
 */
public record SessionPage(
        @JsonProperty("items") List<SessionSummary> items,
        @JsonProperty("next_page_token") String nextPageToken) {

    /** Normalizes a missing item list to an empty, immutable one. */
    public SessionPage {
        items = items == null ? List.of() : List.copyOf(items);
    }

    /**
     * A next page exists while this page has items and a next-page token, the rule the service documents.
     *
     * @return whether {@link #nextPageToken()} leads to another page
     */
    public boolean hasNextPage() {
        return !items.isEmpty() && nextPageToken != null && !nextPageToken.isEmpty();
    }
}
