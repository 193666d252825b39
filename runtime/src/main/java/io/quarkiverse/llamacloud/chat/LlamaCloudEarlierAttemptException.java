package io.quarkiverse.llamacloud.chat;

/**
 * One failed attempt of a call the extension retried, before the attempt whose failure was thrown. It is never
 * thrown itself: each earlier attempt is attached to the thrown {@link LlamaCloudException} as a suppressed exception
 * of this type, in order, its cause that attempt's failure, and {@link LlamaCloudException#attempts()} counts them.
 * <p>
 * Other suppressed exceptions, such as a failed read of the session's history while deciding whether a turn may be
 * sent again, are not attempts and are not of this type.
 */
public final class LlamaCloudEarlierAttemptException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int attempt;

    /**
     * @param attempt the attempt's number, from 1 for the first
     * @param failure how that attempt failed
     */
    public LlamaCloudEarlierAttemptException(int attempt, Throwable failure) {
        super("Attempt " + attempt + " failed (the cause)", failure, false, false); // the cause has the stack trace
        this.attempt = attempt;
    }

    /** @return the attempt's number, from 1 for the first */
    public int attempt() {
        return attempt;
    }
}
