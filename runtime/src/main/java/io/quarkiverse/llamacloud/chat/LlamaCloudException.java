package io.quarkiverse.llamacloud.chat;

import java.util.List;

/**
 * Base of every failure this extension reports. Unchecked; catch it to handle any LlamaCloud failure at once.
 * <p>
 * The subclasses say what went wrong: {@link LlamaCloudHttpException} and its status-specific subclasses when the
 * service answered with an error status, {@link LlamaCloudIoException} when no usable answer arrived, and
 * {@link LlamaCloudMalformedResponseException} when the answer could not be decoded.
 * <p>
 * When the extension retried a call, the exception is the last attempt's failure; {@link #attempts()} says how many
 * attempts were made and the earlier attempts' failures are attached as suppressed exceptions, also summarized in
 * the message.
 */
public class LlamaCloudException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private volatile int attempts = 1;

    /**
     * @param message what happened
     * @param cause the underlying failure, or {@code null}
     */
    public LlamaCloudException(String message, Throwable cause) {
        super(message, cause);
    }

    /** @return how many attempts were made before the call failed; {@code 1} when it was not retried */
    public int attempts() {
        return attempts;
    }

    /**
     * Records the failures of the attempts before this one. Called by the extension's retries.
     *
     * @param earlier the earlier attempts' failures, in order
     * @return this exception
     */
    public LlamaCloudException withEarlierAttempts(List<? extends Throwable> earlier) {
        attempts = earlier.size() + 1;
        earlier.forEach(this::addSuppressed);
        return this;
    }

    @Override
    public String getMessage() {
        String message = super.getMessage();
        if (attempts <= 1) {
            return message;
        }
        StringBuilder summary = new StringBuilder(message).append(" [after ").append(attempts)
                .append(" attempts; the earlier ones failed with: ");
        Throwable[] earlier = getSuppressed();
        for (int i = 0; i < earlier.length; i++) {
            if (i > 0) {
                summary.append("; ");
            }
            summary.append(describe(earlier[i]));
        }
        return summary.append(']').toString();
    }

    private static String describe(Throwable failure) {
        if (failure instanceof LlamaCloudHttpException http) {
            return "HTTP " + http.status();
        }
        String text = failure instanceof LlamaCloudException typed ? typed.getClass().getSimpleName()
                : failure.toString();
        return text.length() > 120 ? text.substring(0, 120) + "..." : text;
    }
}
