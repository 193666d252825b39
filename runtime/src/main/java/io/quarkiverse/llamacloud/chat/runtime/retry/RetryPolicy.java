package io.quarkiverse.llamacloud.chat.runtime.retry;

import java.net.ConnectException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import io.quarkiverse.llamacloud.chat.LlamaCloudHttpException;
import io.quarkiverse.llamacloud.chat.LlamaCloudIoException;

/**
 * Which failures are worth another attempt, and how long to wait first. The rules of LlamaCloud's own SDKs: retry
 * connection failures and HTTP 408, 409, 429 and 5xx unless {@code X-Should-Retry} says otherwise; wait what
 * {@code Retry-After-Ms} or {@code Retry-After} asks, else an exponential backoff with jitter.
 */
public final class RetryPolicy {

    private final int maxRetries;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Duration maxRetryAfter;

    /**
     * @param maxRetries retries after the first attempt; {@code 0} for none
     * @param initialBackoff the wait before the first retry without a server hint
     * @param maxBackoff the longest wait without a server hint
     * @param maxRetryAfter the longest server-requested wait honoured; longer ones fail at once
     */
    public RetryPolicy(int maxRetries, Duration initialBackoff, Duration maxBackoff, Duration maxRetryAfter) {
        this.maxRetries = Math.max(0, maxRetries);
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.maxRetryAfter = maxRetryAfter;
    }

    /** @return retries after the first attempt */
    public int maxRetries() {
        return maxRetries;
    }

    /**
     * @param failure what an attempt failed with
     * @param idempotent whether repeating the request cannot change the outcome (reads, deletes, a stream before its
     *        first event); otherwise only failures that prove the request was not processed are retried
     * @return whether another attempt may be made
     */
    public boolean shouldRetry(Throwable failure, boolean idempotent) {
        if (failure instanceof LlamaCloudHttpException http) {
            Optional<Duration> wait = http.response().retryAfter();
            if (wait.isPresent() && wait.get().compareTo(maxRetryAfter) > 0) {
                return false; // failing now beats sleeping for minutes
            }
            Optional<String> hint = http.response().header("X-Should-Retry").map(v -> v.trim().toLowerCase(Locale.ROOT));
            if (hint.isPresent() && hint.get().equals("true")) {
                return true;
            }
            if (hint.isPresent() && hint.get().equals("false")) {
                return false;
            }
            int status = http.status();
            if (status == 429) {
                return true; // rate limited: rejected before any work
            }
            return idempotent && (status == 408 || status == 409 || status >= 500);
        }
        if (failure instanceof LlamaCloudIoException) {
            return idempotent || neverSent(failure);
        }
        return false;
    }

    /**
     * @param retry the retry about to be made, from 1
     * @param failure what the previous attempt failed with
     * @return how long to wait before it
     */
    public Duration delay(int retry, Throwable failure) {
        if (failure instanceof LlamaCloudHttpException http) {
            Optional<Duration> wait = http.response().retryAfter();
            if (wait.isPresent()) {
                return wait.get();
            }
        }
        long base = initialBackoff.toMillis() << Math.min(30, Math.max(0, retry - 1));
        long capped = Math.min(base, maxBackoff.toMillis());
        double jitter = 1 - 0.25 * ThreadLocalRandom.current().nextDouble();
        return Duration.ofMillis((long) (capped * jitter));
    }

    private static boolean neverSent(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException) {
                return true;
            }
        }
        return false;
    }
}
