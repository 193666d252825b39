package io.quarkiverse.llamacloud.chat.runtime;

import java.util.List;
import java.util.Objects;

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
import io.quarkiverse.llamacloud.chat.runtime.http.StreamTurnRequest;
import io.quarkiverse.llamacloud.chat.runtime.sse.TurnStreamClient;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * {@link ChatSessions} over the REST client: validates arguments, scopes requests to an organization and project,
 * and maps every failure to the typed exceptions.
 */
public final class DefaultChatSessions implements ChatSessions {

    private static final String SESSION_ID = "sessionId";

    private final ChatApi api;
    private final TurnStreamClient streams;
    private final String organizationId;
    private final String projectId;

    /**
     * @param api the REST client for the session calls
     * @param streams the client for turns' event streams
     * @param organizationId the {@code organization_id} to send, or {@code null}
     * @param projectId the {@code project_id} to send, or {@code null}
     */
    public DefaultChatSessions(ChatApi api, TurnStreamClient streams, String organizationId, String projectId) {
        this.api = api;
        this.streams = streams;
        this.organizationId = organizationId;
        this.projectId = projectId;
    }

    @Override
    public Uni<SessionSummary> create() {
        return create(null);
    }

    @Override
    public Uni<SessionSummary> create(List<String> indexIds) {
        List<String> ids = indexIds == null || indexIds.isEmpty() ? null : List.copyOf(indexIds);
        return typed(api.create(organizationId, projectId, new CreateSessionRequest(ids)), "POST /api/v1/chat");
    }

    @Override
    public Uni<SessionPage> list() {
        return list(null, null);
    }

    @Override
    public Uni<SessionPage> list(Integer pageSize, String pageToken) {
        return typed(api.list(organizationId, projectId, pageSize, pageToken), "GET /api/v1/chat");
    }

    @Override
    public Multi<SessionSummary> listAll() {
        return listAll(null);
    }

    @Override
    public Multi<SessionSummary> listAll(Integer pageSize) {
        return Multi.createFrom().publisher(new SessionPagePublisher(token -> list(pageSize, token)));
    }

    @Override
    public Uni<FullSession> get(String sessionId) {
        String segment = PathSegments.encode(SESSION_ID, sessionId);
        return typed(api.get(segment, organizationId, projectId), "GET /api/v1/chat/{session_id}");
    }

    @Override
    public Uni<SessionSummary> summary(String sessionId) {
        String segment = PathSegments.encode(SESSION_ID, sessionId);
        return typed(api.summary(segment, organizationId, projectId), "GET /api/v1/chat/{session_id}/summary");
    }

    @Override
    public Uni<SessionSummary> generateTitle(String sessionId, String firstMessage) {
        String segment = PathSegments.encode(SESSION_ID, sessionId);
        if (firstMessage == null) {
            throw new IllegalArgumentException("firstMessage must not be null");
        }
        return typed(api.generateTitle(segment, organizationId, projectId, new GenerateTitleRequest(firstMessage)),
                "POST /api/v1/chat/{session_id}/title");
    }

    @Override
    public Uni<Void> delete(String sessionId) {
        String segment = PathSegments.encode(SESSION_ID, sessionId);
        return typed(api.delete(segment, organizationId, projectId), "DELETE /api/v1/chat/{session_id}");
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
        return streams.stream(segment, organizationId, projectId, StreamTurnRequest.of(request));
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
        return stream(sessionId, request).collect().asList().map(events -> {
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
                : new DefaultChatSessions(api, streams, organizationId, projectId);
    }

    @Override
    public ChatSessions withOrganization(String organizationId) {
        return Objects.equals(organizationId, this.organizationId) ? this
                : new DefaultChatSessions(api, streams, organizationId, projectId);
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

    private static <T> Uni<T> typed(Uni<T> call, String operation) {
        return call.onFailure().transform(failure -> Failures.map(failure, operation));
    }

    @Override
    public String toString() {
        return "ChatSessions[organizationId=" + organizationId + ", projectId=" + projectId + "]";
    }
}
