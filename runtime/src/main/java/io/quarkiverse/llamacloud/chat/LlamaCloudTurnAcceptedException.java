package io.quarkiverse.llamacloud.chat;

/**
 * A turn's stream failed after the service had accepted the turn: its events arrived in part, or none arrived and the
 * session's history shows the prompt recorded. The turn is on the service (and billed); the extension does not send
 * it again.
 * <p>
 * The {@linkplain #getCause() cause} says what broke the stream: {@link LlamaCloudStreamCutOffException},
 * {@link LlamaCloudStreamTimeoutException}, {@link LlamaCloudMalformedEventException} or
 * {@link LlamaCloudEventTooLargeException}. The turn may still be running, or may have finished, on the service:
 * {@link ChatSessions#ask(String, String)} waits for it (up to {@code quarkus.llamacloud.stream.recovery-timeout}) and
 * assembles it from the session's history; after {@link ChatSessions#stream(String, TurnRequest)} read it with
 * {@link ChatSessions#get(String)}.
 * <p>
 * Deliberately not a {@link LlamaCloudIoException}: code that retries on I/O failures must not send a turn the
 * service already has.
 */
public class LlamaCloudTurnAcceptedException extends LlamaCloudException {

    private static final long serialVersionUID = 1L;

    private final String sessionId;
    private final long eventsDelivered;

    /**
     * @param message what happened
     * @param sessionId the session the turn was sent to
     * @param eventsDelivered how many events of the turn were delivered before the failure
     * @param cause what broke the stream
     */
    public LlamaCloudTurnAcceptedException(String message, String sessionId, long eventsDelivered, Throwable cause) {
        super(message, cause);
        this.sessionId = sessionId;
        this.eventsDelivered = eventsDelivered;
    }

    /** @return the session the turn was sent to */
    public String sessionId() {
        return sessionId;
    }

    /** @return how many events of the turn were delivered before the failure */
    public long eventsDelivered() {
        return eventsDelivered;
    }
}
