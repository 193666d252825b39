package io.quarkiverse.llamacloud.chat.runtime.http;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Body of {@code POST /api/v1/chat/{session_id}/title}.
 *
 * @param firstMessage the session's first user message
 */
public record GenerateTitleRequest(@JsonProperty("first_message") String firstMessage) {
}
