package io.quarkiverse.llamacloud.chat.runtime.health;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import io.quarkiverse.llamacloud.chat.ChatSessions;
import io.quarkiverse.llamacloud.chat.LlamaCloudClient;
import io.quarkiverse.llamacloud.chat.LlamaCloudHttpException;
import io.quarkiverse.llamacloud.chat.runtime.ClientSettings;
import io.quarkus.arc.Arc;
import io.quarkus.arc.InstanceHandle;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;

/**
 * Readiness: LlamaCloud answers every client with its key. One entry per client in the check's data
 * ({@code default}, and each named client): {@code UP}, or {@code DOWN} with the failure's type, status and request
 * id. Registered only with {@code quarkus-smallrye-health} and {@code quarkus.llamacloud.health.enabled=true}.
 * <p>
 * Cheap: one {@code GET /api/v1/chat?page_size=1} per client, and the result is reused for {@link #CACHE}, so probes
 * every few seconds cost one request per client per 30 s.
 */
@Readiness
@ApplicationScoped
public class LlamaCloudReadinessCheck implements AsyncHealthCheck {

    /** How long a result is reused. */
    static final Duration CACHE = Duration.ofSeconds(30);

    private static final String NAME = "LlamaCloud Chat";

    private volatile HealthCheckResponse last;
    private volatile long lastAt;

    /** One client's outcome: {@code null} when it answered. */
    private record Probe(String client, Throwable failure) {
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        HealthCheckResponse cached = last;
        if (cached != null && System.nanoTime() - lastAt < CACHE.toNanos()) {
            return Uni.createFrom().item(cached);
        }
        List<Uni<Probe>> probes = new ArrayList<>();
        for (InstanceHandle<ChatSessions> handle : Arc.container().listAll(ChatSessions.class, Any.Literal.INSTANCE)) {
            String client = handle.getBean().getQualifiers().stream().filter(LlamaCloudClient.class::isInstance)
                    .map(q -> ClientSettings.label(((LlamaCloudClient) q).value())).findFirst().orElse("default");
            probes.add(handle.get().list(1, null).map(page -> new Probe(client, null))
                    .onFailure().recoverWithItem(failure -> new Probe(client, failure)));
        }
        return Uni.join().all(probes).andFailFast().map(LlamaCloudReadinessCheck::response)
                .invoke(response -> {
                    last = response;
                    lastAt = System.nanoTime();
                });
    }

    private static HealthCheckResponse response(List<Probe> probes) {
        Map<String, String> states = new TreeMap<>();
        boolean up = true;
        for (Probe probe : probes) {
            states.put(probe.client(), probe.failure() == null ? "UP" : "DOWN: " + describe(probe.failure()));
            up &= probe.failure() == null;
        }
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME).status(up);
        states.forEach(response::withData);
        return response.build();
    }

    private static String describe(Throwable failure) {
        StringBuilder text = new StringBuilder(failure.getClass().getSimpleName());
        if (failure instanceof LlamaCloudHttpException http) {
            text.append(", status ").append(http.status());
            if (http.requestId() != null) {
                text.append(", request ").append(http.requestId());
            }
        }
        return text.toString();
    }
}
