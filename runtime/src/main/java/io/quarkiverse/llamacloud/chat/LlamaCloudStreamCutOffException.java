package io.quarkiverse.llamacloud.chat;

/**
 * A turn's event stream ended, or its connection failed, before the {@code stop} event. Every event that arrived was
 * delivered before this failure; the turn's outcome on the server is unknown.
 */
public class LlamaCloudStreamCutOffException extends LlamaCloudIoException {

    private static final long serialVersionUID = 1L;

    private final long eventsDelivered;

    /**
     * @param message what happened
     * @param eventsDelivered how many events were delivered before the cut
     * @param cause the transport failure, or {@code null} when the server simply closed the stream
     */
    public LlamaCloudStreamCutOffException(String message, long eventsDelivered, Throwable cause) {
        super(message, cause);
        this.eventsDelivered = eventsDelivered;
    }

    /** @return how many events were delivered before the cut */
    public long eventsDelivered() {
        return eventsDelivered;
    }
}
