package io.quarkiverse.llamacloud.chat.runtime.telemetry;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import io.quarkiverse.llamacloud.chat.ChatEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Micrometer meters, created only when the application has {@code quarkus-micrometer}:
 * <ul>
 * <li>{@code llamacloud.chat.calls} (timer): each session call, tagged {@code operation}, {@code project},
 * {@code outcome} ({@code success}, {@code failure}) and {@code exception} (its simple class name, or
 * {@code none});</li>
 * <li>{@code llamacloud.chat.retries} (counter): retries, tagged {@code operation};</li>
 * <li>{@code llamacloud.chat.turns} (timer): each streamed turn from subscription to end, tagged {@code project},
 * {@code outcome} ({@code completed}, {@code turn_error} for a {@code stop} with {@code is_error}, {@code failed},
 * {@code cancelled}) and {@code exception};</li>
 * <li>{@code llamacloud.chat.turn.first.event} (timer): time from subscription to a turn's first event, tagged
 * {@code project};</li>
 * <li>{@code llamacloud.chat.tokens} (counter): tokens of the turns' {@code stop} usage, tagged {@code project} and
 * {@code direction} ({@code input}, {@code output}), for cost per project.</li>
 * </ul>
 * Every meter is also tagged {@code client}: the client's name, or {@code default}. The {@code project} tag is the
 * {@code project_id} sent, or {@code default} when none is.
 * <p>
 * A bean only when the deployment processor registers it, which it does when Micrometer is present.
 */
public final class MicrometerChatTelemetry implements ChatTelemetry {

    private final MeterRegistry registry;

    /** Uses Micrometer's global registry, to which Quarkus adds its own. */
    public MicrometerChatTelemetry() {
        this(Metrics.globalRegistry);
    }

    MicrometerChatTelemetry(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public <T> Uni<T> call(String client, String operation, String projectId, String sessionId, Uni<T> call) {
        return Uni.createFrom().deferred(() -> {
            long start = System.nanoTime();
            return call.onTermination().invoke((result, failure, cancelled) -> Timer.builder("llamacloud.chat.calls")
                    .description("LlamaCloud chat session calls")
                    .tag("client", client)
                    .tag("operation", operation)
                    .tag("project", project(projectId))
                    .tag("outcome", failure == null && !cancelled ? "success" : cancelled ? "cancelled" : "failure")
                    .tag("exception", failure == null ? "none" : failure.getClass().getSimpleName())
                    .register(registry)
                    .record(System.nanoTime() - start, TimeUnit.NANOSECONDS));
        });
    }

    @Override
    public Multi<ChatEvent> turn(String client, String projectId, String sessionId, Multi<ChatEvent> events) {
        String project = project(projectId);
        return Multi.createFrom().deferred(() -> {
            long start = System.nanoTime();
            AtomicBoolean first = new AtomicBoolean(true);
            AtomicBoolean turnError = new AtomicBoolean();
            AtomicLong inputTokens = new AtomicLong();
            AtomicLong outputTokens = new AtomicLong();
            return events.onItem().invoke(event -> {
                if (first.compareAndSet(true, false)) {
                    Timer.builder("llamacloud.chat.turn.first.event")
                            .description("Time from sending a turn to its first event")
                            .tag("client", client).tag("project", project).register(registry)
                            .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                }
                if (event instanceof ChatEvent.Stop stop) {
                    turnError.set(stop.isError());
                    inputTokens.set(stop.usage().totalInputTokens());
                    outputTokens.set(stop.usage().totalOutputTokens());
                }
            }).onTermination().invoke((failure, cancelled) -> {
                String outcome = cancelled ? "cancelled"
                        : failure != null ? "failed" : turnError.get() ? "turn_error" : "completed";
                Timer.builder("llamacloud.chat.turns").description("LlamaCloud chat turns, from sending to the end")
                        .tag("client", client).tag("project", project).tag("outcome", outcome)
                        .tag("exception", failure == null ? "none" : failure.getClass().getSimpleName())
                        .register(registry).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                tokens(client, project, "input").increment(inputTokens.get());
                tokens(client, project, "output").increment(outputTokens.get());
            });
        });
    }

    @Override
    public void retried(String client, String operation) {
        Counter.builder("llamacloud.chat.retries").description("Retries of LlamaCloud chat calls")
                .tag("client", client).tag("operation", operation).register(registry).increment();
    }

    private Counter tokens(String client, String project, String direction) {
        return Counter.builder("llamacloud.chat.tokens").description("Tokens used by LlamaCloud chat turns")
                .baseUnit("tokens").tag("client", client).tag("project", project).tag("direction", direction)
                .register(registry);
    }

    private static String project(String projectId) {
        return projectId == null ? "default" : projectId;
    }
}
