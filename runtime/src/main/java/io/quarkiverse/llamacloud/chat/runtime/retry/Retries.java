package io.quarkiverse.llamacloud.chat.runtime.retry;

import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.function.Supplier;

import jakarta.enterprise.util.TypeLiteral;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

import io.quarkiverse.llamacloud.chat.LlamaCloudCircuitOpenException;
import io.quarkiverse.llamacloud.chat.LlamaCloudEarlierAttemptException;
import io.quarkiverse.llamacloud.chat.LlamaCloudException;
import io.quarkiverse.llamacloud.chat.LlamaCloudHttpException;
import io.quarkiverse.llamacloud.chat.LlamaCloudIoException;
import io.quarkiverse.llamacloud.chat.runtime.LlamaCloudConfig;
import io.smallrye.faulttolerance.api.CustomBackoffStrategy;
import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.mutiny.Uni;

/**
 * Retries (and, when enabled, a circuit breaker) around the session calls, with SmallRye Fault Tolerance's
 * programmatic {@link Guard}. The wait before each retry comes from {@link RetryPolicy}, so a server's
 * {@code Retry-After} is honoured.
 * <p>
 * Each attempt gets its number, which the caller sends as the {@code X-Stainless-Retry-Count} header. The final
 * failure carries the number of attempts and the earlier failures.
 */
public final class Retries {

    private static final TypeLiteral<Uni<Object>> UNI = new TypeLiteral<>() {
    };

    private final RetryPolicy policy;
    private final Guard idempotent;
    private final Guard nonIdempotent;

    /**
     * @param policy which failures to retry and how long to wait
     * @param circuitBreaker the circuit breaker's settings
     */
    public Retries(RetryPolicy policy, LlamaCloudConfig.ClientConfig.CircuitBreakerConfig circuitBreaker) {
        this.policy = policy;
        this.idempotent = guard(true, circuitBreaker);
        this.nonIdempotent = guard(false, circuitBreaker);
    }

    /** @return the policy, which streams apply themselves */
    public RetryPolicy policy() {
        return policy;
    }

    /**
     * @param attempt sends attempt number n (from 0)
     * @param idempotent whether repeating the request cannot change the outcome
     * @param operation the call, for messages
     * @param <T> the result type
     * @return the guarded call; lazy, each subscription starts from attempt 0
     */
    @SuppressWarnings("unchecked")
    public <T> Uni<T> call(IntFunction<Uni<T>> attempt, boolean idempotent, String operation) {
        Guard guard = idempotent ? this.idempotent : nonIdempotent;
        if (guard == null) {
            return attempt.apply(0);
        }
        return Uni.createFrom().deferred(() -> {
            AtomicInteger next = new AtomicInteger();
            List<Throwable> failures = new CopyOnWriteArrayList<>();
            Supplier<Uni<Object>> oneAttempt = () -> ((Uni<Object>) attempt.apply(next.getAndIncrement()))
                    .onFailure().invoke(failures::add);
            Uni<Object> guarded = guard.get(oneAttempt, UNI);
            return (Uni<T>) guarded.onFailure().transform(failure -> finalFailure(failure, failures, operation));
        });
    }

    /**
     * @param failure the last failure
     * @param failures every attempt's failure, the last one included when it ran
     * @param operation the call
     * @return the failure to report, carrying the earlier attempts
     */
    public static Throwable finalFailure(Throwable failure, List<Throwable> failures, String operation) {
        if (failure instanceof CircuitBreakerOpenException open) {
            return withEarlierAttempts(new LlamaCloudCircuitOpenException(operation, open), failures);
        }
        if (failure instanceof LlamaCloudException && !failures.isEmpty()) {
            boolean lastRan = failures.get(failures.size() - 1) == failure;
            return withEarlierAttempts(failure, lastRan ? failures.subList(0, failures.size() - 1) : failures);
        }
        return failure;
    }

    /** Numbered and suppressed, so that {@code attempts()} counts them apart from other suppressed failures. */
    private static Throwable withEarlierAttempts(Throwable failure, List<Throwable> earlier) {
        for (int i = 0; i < earlier.size(); i++) {
            failure.addSuppressed(new LlamaCloudEarlierAttemptException(i + 1, earlier.get(i)));
        }
        return failure;
    }

    private Guard guard(boolean idempotent, LlamaCloudConfig.ClientConfig.CircuitBreakerConfig circuitBreaker) {
        if (policy.maxRetries() == 0 && !circuitBreaker.enabled()) {
            return null;
        }
        Guard.Builder builder = Guard.create()
                .withDescription("LlamaCloud chat " + (idempotent ? "reads and deletes" : "creates and titles"));
        if (policy.maxRetries() > 0) {
            builder.withRetry()
                    .maxRetries(policy.maxRetries())
                    .delay(0, ChronoUnit.MILLIS)
                    .jitter(0, ChronoUnit.MILLIS)
                    .maxDuration(1, ChronoUnit.DAYS)
                    .whenException(failure -> policy.shouldRetry(failure, idempotent))
                    .withCustomBackoff().strategy(() -> serverAwareBackoff(policy)).done()
                    .done();
        }
        if (circuitBreaker.enabled()) {
            builder.withCircuitBreaker()
                    .requestVolumeThreshold(circuitBreaker.requestVolumeThreshold())
                    .failureRatio(circuitBreaker.failureRatio())
                    .delay(circuitBreaker.delay().toMillis(), ChronoUnit.MILLIS)
                    .successThreshold(circuitBreaker.successThreshold())
                    .when(Retries::tripsTheBreaker)
                    .done();
        }
        return builder.build();
    }

    /** Failures that say the service is in trouble; a 404 or 422 says nothing about its health. */
    static boolean tripsTheBreaker(Throwable failure) {
        if (failure instanceof LlamaCloudHttpException http) {
            return http.status() == 429 || http.status() >= 500;
        }
        return failure instanceof LlamaCloudIoException;
    }

    /** One per guarded invocation: counts the retries of that invocation. */
    private static CustomBackoffStrategy serverAwareBackoff(RetryPolicy policy) {
        AtomicInteger retries = new AtomicInteger();
        return failure -> policy.delay(retries.incrementAndGet(), failure).toMillis();
    }
}
