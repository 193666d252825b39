package io.quarkiverse.llamacloud.chat;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Base of every failure this extension reports. Unchecked; catch it to handle any LlamaCloud failure at once.
 * <p>
 * The subclasses say what went wrong: {@link LlamaCloudHttpException} and its status-specific subclasses when the
 * service answered with an error status, {@link LlamaCloudIoException} when no usable answer arrived, and
 * {@link LlamaCloudMalformedResponseException} when the answer could not be decoded.
 * <p>
 * When the extension retried a call, the exception is the last attempt's failure; {@link #attempts()} says how many
 * attempts were made, and each earlier attempt is attached as a suppressed {@link LlamaCloudEarlierAttemptException}
 * whose cause is that attempt's failure, also summarized in the message.
 */
public class LlamaCloudException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what happened
     * @param cause the underlying failure, or {@code null}
     */
    public LlamaCloudException(String message, Throwable cause) {
        super(message, cause);
    }

    /** @return how many attempts were made before the call failed; {@code 1} when it was not retried */
    public int attempts() {
        return 1 + (int) earlierAttempts().count();
    }

    @Override
    public String getMessage() {
        String message = super.getMessage();
        List<String> earlier = earlierAttempts().map(attempt -> describe(attempt.getCause())).toList();
        return earlier.isEmpty() ? message
                : message + " [after " + (earlier.size() + 1) + " attempts; the earlier ones failed with: "
                        + String.join("; ", earlier) + "]";
    }

    private Stream<Throwable> earlierAttempts() {
        return Arrays.stream(getSuppressed()).filter(LlamaCloudEarlierAttemptException.class::isInstance);
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
