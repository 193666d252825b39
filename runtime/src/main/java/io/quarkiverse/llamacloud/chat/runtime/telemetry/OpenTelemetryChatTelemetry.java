package io.quarkiverse.llamacloud.chat.runtime.telemetry;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.inject.Inject;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.quarkiverse.llamacloud.chat.ChatEvent;
import io.quarkiverse.llamacloud.chat.LlamaCloudException;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;

/**
 * OpenTelemetry spans, created only when the application has {@code quarkus-opentelemetry}: one span per session
 * call ({@code llamacloud.chat <operation>}) and per streamed turn ({@code llamacloud.chat stream}), kind
 * {@code CLIENT}, current while the request is sent so the REST client's own spans nest under it.
 * <p>
 * Attributes: {@code llamacloud.operation}, {@code llamacloud.project_id}, {@code llamacloud.session_id}; on turns
 * also {@code llamacloud.events}, {@code llamacloud.tool_calls}, {@code gen_ai.usage.input_tokens},
 * {@code gen_ai.usage.output_tokens} and {@code llamacloud.turn.is_error}; on failures {@code llamacloud.attempts}
 * and the recorded exception.
 */
public final class OpenTelemetryChatTelemetry implements ChatTelemetry {

    private final Tracer tracer;

    /**
     * A bean only when the deployment processor registers it, which it does when OpenTelemetry tracing is present.
     *
     * @param tracer the application's tracer
     */
    @Inject
    public OpenTelemetryChatTelemetry(Tracer tracer) {
        this.tracer = tracer;
    }

    @Override
    public <T> Uni<T> call(String client, String operation, String projectId, String sessionId, Uni<T> call) {
        return Uni.createFrom().emitter(emitter -> {
            Span span = start(client, operation, projectId, sessionId);
            AtomicBoolean ended = new AtomicBoolean();
            Cancellable subscription;
            // Subscribing inside the span's scope: the REST client sends the request now, and nests its span.
            try (Scope ignored = span.makeCurrent()) {
                subscription = call.subscribe().with(item -> {
                    ended.set(true);
                    end(span, null);
                    emitter.complete(item);
                }, failure -> {
                    ended.set(true);
                    end(span, failure);
                    emitter.fail(failure);
                });
            }
            emitter.onTermination(() -> {
                if (ended.compareAndSet(false, true)) { // terminated without an outcome: cancelled
                    subscription.cancel();
                    span.setAttribute("llamacloud.cancelled", true);
                    span.end();
                }
            });
        });
    }

    @Override
    public Multi<ChatEvent> turn(String client, String projectId, String sessionId, Multi<ChatEvent> events) {
        return Multi.createFrom().deferred(() -> {
            Span span = start(client, "stream", projectId, sessionId);
            AtomicLong count = new AtomicLong();
            AtomicLong toolCalls = new AtomicLong();
            return events.onItem().invoke(event -> {
                count.incrementAndGet();
                if (event instanceof ChatEvent.ToolCall) {
                    toolCalls.incrementAndGet();
                } else if (event instanceof ChatEvent.Stop stop) {
                    span.setAttribute("gen_ai.usage.input_tokens", stop.usage().totalInputTokens());
                    span.setAttribute("gen_ai.usage.output_tokens", stop.usage().totalOutputTokens());
                    span.setAttribute("llamacloud.turn.is_error", stop.isError());
                    if (stop.isError()) {
                        span.setStatus(StatusCode.ERROR, String.valueOf(stop.error()));
                    }
                }
            }).onTermination().invoke((failure, cancelled) -> {
                span.setAttribute("llamacloud.events", count.get());
                span.setAttribute("llamacloud.tool_calls", toolCalls.get());
                if (cancelled) {
                    span.setAttribute("llamacloud.cancelled", true);
                }
                end(span, failure);
            });
        });
    }

    @Override
    public void retried(String client, String operation) {
        Span.current().addEvent("llamacloud.retry");
    }

    private Span start(String client, String operation, String projectId, String sessionId) {
        Span span = tracer.spanBuilder("llamacloud.chat " + operation).setSpanKind(SpanKind.CLIENT)
                .setParent(Context.current()).startSpan();
        span.setAttribute("llamacloud.client", client);
        span.setAttribute("llamacloud.operation", operation);
        if (projectId != null) {
            span.setAttribute("llamacloud.project_id", projectId);
        }
        if (sessionId != null) {
            span.setAttribute("llamacloud.session_id", sessionId);
        }
        return span;
    }

    private static void end(Span span, Throwable failure) {
        if (failure != null) {
            span.recordException(failure);
            span.setStatus(StatusCode.ERROR, failure.getClass().getSimpleName());
            if (failure instanceof LlamaCloudException typed) {
                span.setAttribute("llamacloud.attempts", typed.attempts());
            }
        }
        span.end();
    }
}
