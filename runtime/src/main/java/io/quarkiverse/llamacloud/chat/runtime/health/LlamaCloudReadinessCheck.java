package io.quarkiverse.llamacloud.chat.runtime.health;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import io.quarkiverse.llamacloud.chat.ChatSessions;
import io.quarkiverse.llamacloud.chat.LlamaCloudHttpException;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;

/**
 * Readiness: LlamaCloud answers with the configured key. Registered only with {@code quarkus-smallrye-health} and
 * {@code quarkus.llamacloud.health.enabled=true}.
 * <p>
 * Cheap: one {@code GET /api/v1/chat?page_size=1}, and its result is reused for {@link #CACHE}, so probes every few
 * seconds cost one request per 30 s.
 */
@Readiness
@ApplicationScoped
public class LlamaCloudReadinessCheck implements AsyncHealthCheck {

    /** How long a result is reused. */
    static final Duration CACHE = Duration.ofSeconds(30);

    private static final String NAME = "LlamaCloud Chat";

    @Inject
    ChatSessions chat;

    private volatile HealthCheckResponse last;
    private volatile long lastAt;

    @Override
    public Uni<HealthCheckResponse> call() {
        HealthCheckResponse cached = last;
        if (cached != null && System.nanoTime() - lastAt < CACHE.toNanos()) {
            return Uni.createFrom().item(cached);
        }
        return chat.list(1, null)
                .map(page -> HealthCheckResponse.named(NAME).up().build())
                .onFailure().recoverWithItem(LlamaCloudReadinessCheck::down)
                .invoke(response -> {
                    last = response;
                    lastAt = System.nanoTime();
                });
    }

    private static HealthCheckResponse down(Throwable failure) {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME).down()
                .withData("error", failure.getClass().getSimpleName());
        if (failure instanceof LlamaCloudHttpException http) {
            response.withData("status", http.status());
            if (http.requestId() != null) {
                response.withData("requestId", http.requestId());
            }
        }
        return response.build();
    }
}
