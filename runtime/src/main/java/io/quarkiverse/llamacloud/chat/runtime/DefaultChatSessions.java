package io.quarkiverse.llamacloud.chat.runtime;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.IntFunction;

import io.quarkiverse.llamacloud.chat.ChatEvent;
import io.quarkiverse.llamacloud.chat.ChatSessions;
import io.quarkiverse.llamacloud.chat.ChatTurn;
import io.quarkiverse.llamacloud.chat.FullSession;
import io.quarkiverse.llamacloud.chat.LlamaCloudTurnFailedException;
import io.quarkiverse.llamacloud.chat.SessionPage;
import io.quarkiverse.llamacloud.chat.SessionSummary;
import io.quarkiverse.llamacloud.chat.TurnRequest;
import io.quarkiverse.llamacloud.chat.runtime.http.ChatApi;
import io.quarkiverse.llamacloud.chat.runtime.http.CreateSessionRequest;
import io.quarkiverse.llamacloud.chat.runtime.http.GenerateTitleRequest;
import io.quarkiverse.llamacloud.chat.runtime.http.PathSegments;
import io.quarkiverse.llamacloud.chat.runtime.retry.Retries;
import io.quarkiverse.llamacloud.chat.runtime.sse.TurnStreamClient;
import io.quarkiverse.llamacloud.chat.runtime.telemetry.ChatTelemetry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * {@link ChatSessions} over the REST client: validates arguments, scopes requests to an organization and project,
 * maps every failure to the typed exceptions, and remembers what it learns of sessions for the turns, which
 * {@link TurnSender} sends.
 */
public final class DefaultChatSessions implements ChatSessions {

    private static final String SESSION_ID = "sessionId";
    private static final String CREATE = "POST /api/v1/chat";
    private static final String LIST = "GET /api/v1/chat";
    private static final String GET = "GET /api/v1/chat/{session_id}";
    private static final String SUMMARY = "GET /api/v1/chat/{session_id}/summary";
    private static final String TITLE = "POST /api/v1/chat/{session_id}/title";
    private static final String DELETE = "DELETE /api/v1/chat/{session_id}";

    private final String client;
    private final ChatApi api;
    private final TurnStreamClient streams;
    private final Retries retries;
    private final ChatTelemetry telemetry;
    private final Duration recoveryTimeout;
    private final SessionStates states;
    private final String organizationId;
    private final String projectId;
    private final TurnSender turns;

    /**
     * @param client the client's name for metrics, spans and messages, {@code default} for the default one
     * @param api the REST client for the session calls
     * @param streams the client for turns' event streams
     * @param retries the retry policy and guards
     * @param telemetry metrics and tracing, or {@link ChatTelemetry#NONE}
     * @param recoveryTimeout how long {@code ask} waits for a turn the service took after its stream failed;
     *        {@code 0} for not at all (the history is then not read after an ambiguous failure either)
     * @param organizationId the {@code organization_id} to send, or {@code null}
     * @param projectId the {@code project_id} to send, or {@code null}
     */
    public DefaultChatSessions(String client, ChatApi api, TurnStreamClient streams, Retries retries,
            ChatTelemetry telemetry, Duration recoveryTimeout, String organizationId, String projectId) {
        this(client, api, streams, retries, telemetry, recoveryTimeout, new SessionStates(), organizationId, projectId);
    }

    private DefaultChatSessions(String client, ChatApi api, TurnStreamClient streams, Retries retries,
            ChatTelemetry telemetry, Duration recoveryTimeout, SessionStates states, String organizationId,
            String projectId) {
        this.client = client;
        this.api = api;
        this.streams = streams;
        this.retries = retries;
        this.telemetry = telemetry;
        this.recoveryTimeout = recoveryTimeout;
        this.states = states;
        this.organizationId = organizationId;
        this.projectId = projectId;
        this.turns = new TurnSender(client, streams, retries.policy(), states, telemetry, recoveryTimeout,
                organizationId, projectId, this);
    }

    @Override
    public Uni<SessionSummary> create() {
        return create(null);
    }

    @Override
    public Uni<SessionSummary> create(List<String> indexIds) {
        List<String> ids = indexIds == null || indexIds.isEmpty() ? null : List.copyOf(indexIds);
        CreateSessionRequest body = new CreateSessionRequest(ids);
        return guarded("create", null, attempt -> api.create(organizationId, projectId, attempt, body), false, CREATE)
                .invoke(summary -> states.created(organizationId, projectId, summary));
    }

    @Override
    public Uni<SessionPage> list() {
        return list(null, null);
    }

    @Override
    public Uni<SessionPage> list(Integer pageSize, String pageToken) {
        return guarded("list", null, attempt -> api.list(organizationId, projectId, pageSize, pageToken, attempt), true,
                LIST).invoke(page -> page.items().forEach(summary -> states.seen(organizationId, projectId, summary)));
    }

    @Override
    public Multi<SessionSummary> listAll() {
        return listAll(null);
    }

    @Override
    public Multi<SessionSummary> listAll(Integer pageSize) {
        return SessionPages.sessions(token -> list(pageSize, token));
    }

    @Override
    public Uni<FullSession> get(String sessionId) {
        String segment = PathSegments.encode(SESSION_ID, sessionId);
        return guarded("get", sessionId, attempt -> api.get(segment, organizationId, projectId, attempt), true, GET)
                .invoke(session -> states.seen(organizationId, projectId, session));
    }

    @Override
    public Uni<SessionSummary> summary(String sessionId) {
        String segment = PathSegments.encode(SESSION_ID, sessionId);
        return guarded("summary", sessionId, attempt -> api.summary(segment, organizationId, projectId, attempt), true,
                SUMMARY).invoke(summary -> states.seen(organizationId, projectId, summary));
    }

    @Override
    public Uni<SessionSummary> generateTitle(String sessionId, String firstMessage) {
        String segment = PathSegments.encode(SESSION_ID, sessionId);
        if (firstMessage == null) {
            throw new IllegalArgumentException("firstMessage must not be null");
        }
        GenerateTitleRequest body = new GenerateTitleRequest(firstMessage);
        return guarded("title", sessionId,
                attempt -> api.generateTitle(segment, organizationId, projectId, attempt, body), false, TITLE)
                .invoke(summary -> states.seen(organizationId, projectId, summary));
    }

    @Override
    public Uni<Void> delete(String sessionId) {
        String segment = PathSegments.encode(SESSION_ID, sessionId);
        return guarded("delete", sessionId, attempt -> api.delete(segment, organizationId, projectId, attempt), true,
                DELETE).invoke(() -> states.deleted(organizationId, projectId, sessionId));
    }

    @Override
    public Multi<ChatEvent> stream(String sessionId, String prompt) {
        return stream(sessionId, TurnRequest.of(prompt));
    }

    @Override
    public Multi<ChatEvent> stream(String sessionId, TurnRequest request) {
        String segment = PathSegments.encode(SESSION_ID, sessionId);
        if (request == null) {
            throw new IllegalArgumentException("request must not be null");
        }
        return turns.stream(sessionId, segment, request);
    }

    @Override
    public Multi<String> streamText(String sessionId, String prompt) {
        return streamText(sessionId, TurnRequest.of(prompt));
    }

    @Override
    public Multi<String> streamText(String sessionId, TurnRequest request) {
        Multi<ChatEvent> events = stream(sessionId, request);
        return Multi.createFrom().deferred(() -> {
            AnswerText answer = new AnswerText();
            return events.onItem().transformToIterable(answer::next);
        });
    }

    @Override
    public Uni<ChatTurn> ask(String sessionId, String prompt) {
        return ask(sessionId, TurnRequest.of(prompt));
    }

    @Override
    public Uni<ChatTurn> ask(String sessionId, TurnRequest request) {
        String segment = PathSegments.encode(SESSION_ID, sessionId);
        if (request == null) {
            throw new IllegalArgumentException("request must not be null");
        }
        return turns.ask(sessionId, segment, request).map(events -> {
            ChatTurn turn = ChatTurn.of(events);
            if (turn.isError()) {
                throw new LlamaCloudTurnFailedException(turn);
            }
            return turn;
        });
    }

    @Override
    public ChatSessions withProject(String projectId) {
        return Objects.equals(projectId, this.projectId) ? this
                : new DefaultChatSessions(client, api, streams, retries, telemetry, recoveryTimeout, states,
                        organizationId, projectId);
    }

    @Override
    public ChatSessions withOrganization(String organizationId) {
        return Objects.equals(organizationId, this.organizationId) ? this
                : new DefaultChatSessions(client, api, streams, retries, telemetry, recoveryTimeout, states,
                        organizationId, projectId);
    }

    /** Closes the REST client, the stream client and their connection pools; called when the application stops. */
    void close() {
        streams.close();
        if (api instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                // The application is stopping; a failed close leaks nothing that outlives it.
            }
        }
    }

    /**
     * A session call with its retries, typed failures and telemetry.
     *
     * @param name the operation's short name, for metrics and spans
     * @param sessionId the session, or {@code null}
     * @param attempt sends attempt number n
     * @param idempotent whether a repeat cannot change the outcome
     * @param operation the operation's method and path, for messages
     */
    private <T> Uni<T> guarded(String name, String sessionId, IntFunction<Uni<T>> attempt, boolean idempotent,
            String operation) {
        return telemetry.call(client, name, projectId, sessionId, retries.call(n -> {
            if (n > 0) {
                telemetry.retried(client, name);
            }
            return typed(attempt.apply(n), operation);
        }, idempotent, operation));
    }

    private static <T> Uni<T> typed(Uni<T> call, String operation) {
        return call.onFailure().transform(failure -> Failures.map(failure, operation));
    }

    @Override
    public String toString() {
        return "ChatSessions[client=" + client + ", organizationId=" + organizationId + ", projectId=" + projectId + "]";
    }
}
