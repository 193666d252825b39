package io.quarkiverse.llamacloud.chat;

/**
 * An event of a turn's stream (or a line without an end) grew past {@code quarkus.llamacloud.stream.max-event-size}.
 * The stream is closed; memory stays bounded by the limit.
 */
public class LlamaCloudEventTooLargeException extends LlamaCloudMalformedResponseException {

    private static final long serialVersionUID = 1L;

    private final long limit;

    /**
     * @param limit the limit that was exceeded, in bytes
     */
    public LlamaCloudEventTooLargeException(long limit) {
        super("An event of the stream exceeds quarkus.llamacloud.stream.max-event-size (" + limit + " bytes)", null);
        this.limit = limit;
    }

    /** @return the limit that was exceeded, in bytes */
    public long limit() {
        return limit;
    }
}
