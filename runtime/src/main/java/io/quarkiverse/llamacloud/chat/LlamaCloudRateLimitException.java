package io.quarkiverse.llamacloud.chat;

import java.time.Duration;
import java.util.Optional;

/**
 * HTTP 429: too many requests. {@link #retryAfter()} says how long the server asked the client to wait.
 */
public class LlamaCloudRateLimitException extends LlamaCloudHttpException {

    private static final long serialVersionUID = 1L;

    /**
     * @param response what the service answered
     */
    public LlamaCloudRateLimitException(ErrorResponse response) {
        super(response);
    }

    /** @return the wait the server asked for ({@code Retry-After-Ms} or {@code Retry-After}), if it sent one */
    public Optional<Duration> retryAfter() {
        return response().retryAfter();
    }
}
