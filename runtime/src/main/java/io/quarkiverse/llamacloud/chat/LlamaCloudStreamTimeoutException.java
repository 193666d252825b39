package io.quarkiverse.llamacloud.chat;

import java.time.Duration;

/**
 * A turn's stream went quiet: nothing arrived within {@code quarkus.llamacloud.stream.first-event-timeout} of the
 * request, or within {@code quarkus.llamacloud.stream.idle-timeout} of the previous data (keep-alive comments count).
 * The connection is closed; every event that arrived was delivered first.
 */
public class LlamaCloudStreamTimeoutException extends LlamaCloudTimeoutException {

    private static final long serialVersionUID = 1L;

    private final Duration timeout;
    private final long eventsDelivered;

    /**
     * @param message which limit was exceeded
     * @param timeout the limit
     * @param eventsDelivered how many events were delivered before it
     */
    public LlamaCloudStreamTimeoutException(String message, Duration timeout, long eventsDelivered) {
        super(message, null);
        this.timeout = timeout;
        this.eventsDelivered = eventsDelivered;
    }

    /** @return the limit that was exceeded */
    public Duration timeout() {
        return timeout;
    }

    /** @return how many events were delivered before the timeout */
    public long eventsDelivered() {
        return eventsDelivered;
    }
}
