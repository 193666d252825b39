package io.quarkiverse.llamacloud.chat.runtime.telemetry;

import java.util.List;

import io.quarkiverse.llamacloud.chat.ChatEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Observes calls and turns for metrics and tracing. Implementations exist only for what the application has
 * (Micrometer, OpenTelemetry); without either, {@link #NONE} costs nothing.
 */
public interface ChatTelemetry {

    /** Observes nothing. */
    ChatTelemetry NONE = new ChatTelemetry() {
        @Override
        public <T> Uni<T> call(String client, String operation, String projectId, String sessionId, Uni<T> call) {
            return call;
        }

        @Override
        public Multi<ChatEvent> turn(String client, String projectId, String sessionId, Multi<ChatEvent> events) {
            return events;
        }

        @Override
        public void retried(String client, String operation) {
        }
    };

    /**
     * @param client the client's name, or {@code default}
     * @param operation the call's short name: create, list, get, summary, title, delete
     * @param projectId the project the call is for, or {@code null} for the key's default
     * @param sessionId the session, or {@code null}
     * @param call the call, including its retries
     * @param <T> its result
     * @return the observed call
     */
    <T> Uni<T> call(String client, String operation, String projectId, String sessionId, Uni<T> call);

    /**
     * @param client the client's name, or {@code default}
     * @param projectId the project the turn is for, or {@code null}
     * @param sessionId the session
     * @param events the turn's events, including the retries of its opening
     * @return the observed events
     */
    Multi<ChatEvent> turn(String client, String projectId, String sessionId, Multi<ChatEvent> events);

    /**
     * A call or a stream's opening is retried.
     *
     * @param client the client's name, or {@code default}
     * @param operation the call's short name
     */
    void retried(String client, String operation);

    /**
     * @param parts the telemetries to combine
     * @return one telemetry that feeds all of them
     */
    static ChatTelemetry of(List<ChatTelemetry> parts) {
        if (parts.isEmpty()) {
            return NONE;
        }
        if (parts.size() == 1) {
            return parts.get(0);
        }
        return new ChatTelemetry() {
            @Override
            public <T> Uni<T> call(String client, String operation, String projectId, String sessionId, Uni<T> call) {
                Uni<T> observed = call;
                for (ChatTelemetry part : parts) {
                    observed = part.call(client, operation, projectId, sessionId, observed);
                }
                return observed;
            }

            @Override
            public Multi<ChatEvent> turn(String client, String projectId, String sessionId, Multi<ChatEvent> events) {
                Multi<ChatEvent> observed = events;
                for (ChatTelemetry part : parts) {
                    observed = part.turn(client, projectId, sessionId, observed);
                }
                return observed;
            }

            @Override
            public void retried(String client, String operation) {
                parts.forEach(part -> part.retried(client, operation));
            }
        };
    }
}
