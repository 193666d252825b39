package io.quarkiverse.llamacloud.chat;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Coordinates of a page screenshot attached to a {@link ChatEvent.ToolResult}, for resolving a presigned URL lazily.
 *
 * @param attachmentName name of the attachment ({@code attachment_name})
 * @param sourceId the source document the page belongs to ({@code source_id})
 */
public record ImageAttachment(
        @JsonProperty("attachment_name") String attachmentName,
        @JsonProperty("source_id") String sourceId) {
}
