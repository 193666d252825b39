package io.quarkiverse.llamacloud.chat.runtime.http;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Body of {@code POST /api/v1/chat}. An unbound session is sent as {@code {"index_ids":null}}.
 *
 * @param indexIds the indexes to bind, or {@code null}
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record CreateSessionRequest(@JsonProperty("index_ids") List<String> indexIds) {
}
