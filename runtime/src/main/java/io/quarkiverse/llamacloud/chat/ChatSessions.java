package io.quarkiverse.llamacloud.chat;

import java.util.List;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * LlamaCloud chat sessions: create them over indexes, chat with streamed agent events, list, read, title and delete
 * them.
 * <p>
 * Inject it anywhere ({@code @Inject ChatSessions chat;}); it is application-scoped and thread-safe. Every method is
 * lazy: nothing is sent until the returned {@link Uni} or {@link Multi} is subscribed, and each subscription sends
 * the request again. Failures arrive as {@link LlamaCloudException} subclasses: {@link LlamaCloudNotFoundException}
 * for an unknown session, {@link LlamaCloudUnauthorizedException} for a bad key, {@link LlamaCloudIoException} when
 * the service cannot be reached, and so on.
 * <p>
 * Code on worker threads that prefers plain return values injects {@link BlockingChatSessions} instead, which has
 * the same methods.
 * <p>
 * Requests go to the organization and project of {@code quarkus.llamacloud.organization-id} and
 * {@code quarkus.llamacloud.project-id} (or the key's defaults when unset); {@link #withProject(String)} and
 * {@link #withOrganization(String)} give a view for another one.
 */
public interface ChatSessions {

    /**
     * Creates an unbound session, which retrieves from no index until a turn names some.
     *
     * @return the new session's summary
     */
    Uni<SessionSummary> create();

    /**
     * Creates a session bound to the given indexes. The set locks once the first message has been sent.
     *
     * @param indexIds the index ids, at most 10; {@code null} or empty creates an unbound session
     * @return the new session's summary
     */
    Uni<SessionSummary> create(List<String> indexIds);

    /**
     * Fetches the first page of sessions, with the server's default page size.
     *
     * @return the first page
     */
    Uni<SessionPage> list();

    /**
     * Fetches one page of sessions.
     *
     * @param pageSize how many sessions per page, or {@code null} for the server's default
     * @param pageToken the {@link SessionPage#nextPageToken()} of the previous page, or {@code null} for the first
     * @return the page
     */
    Uni<SessionPage> list(Integer pageSize, String pageToken);

    /**
     * Streams every session of the project, page after page, with the server's default page size.
     *
     * @return the sessions; see {@link #listAll(Integer)}
     */
    Multi<SessionSummary> listAll();

    /**
     * Streams every session of the project, page after page. A page is requested only when the subscriber asks for
     * more sessions than the pages fetched so far hold, so taking the first few sessions costs one request.
     *
     * @param pageSize how many sessions to fetch per request, or {@code null} for the server's default
     * @return the sessions, in the server's order
     */
    Multi<SessionSummary> listAll(Integer pageSize);

    /**
     * Fetches a session with its complete event history.
     *
     * @param sessionId the session's id
     * @return the session
     * @throws IllegalArgumentException if {@code sessionId} is {@code null} or blank
     */
    Uni<FullSession> get(String sessionId);

    /**
     * Fetches a session's summary, without its events.
     *
     * @param sessionId the session's id
     * @return the summary
     * @throws IllegalArgumentException if {@code sessionId} is {@code null} or blank
     */
    Uni<SessionSummary> summary(String sessionId);

    /**
     * Asks the service to generate the session's title from its first user message.
     *
     * @param sessionId the session's id
     * @param firstMessage the first user message of the session
     * @return the summary with the new {@link SessionSummary#generatedTitle()}
     * @throws IllegalArgumentException if {@code sessionId} is {@code null} or blank, or {@code firstMessage} is
     *         {@code null}
     */
    Uni<SessionSummary> generateTitle(String sessionId, String firstMessage);

    /**
     * Deletes a session.
     *
     * @param sessionId the session's id
     * @return completes with {@code null} once the service has deleted it
     * @throws IllegalArgumentException if {@code sessionId} is {@code null} or blank
     */
    Uni<Void> delete(String sessionId);

    /**
     * Sends a prompt to a session and streams the agent's events for the turn, retrieving from the session's own
     * indexes.
     *
     * @param sessionId the session's id
     * @param prompt the user's message
     * @return the turn's events; see {@link #stream(String, TurnRequest)}
     * @throws IllegalArgumentException if {@code sessionId} is {@code null} or blank, or {@code prompt} is {@code null}
     */
    Multi<ChatEvent> stream(String sessionId, String prompt);

    /**
     * Sends a turn to a session and streams the agent's events as they arrive.
     * <p>
     * The stream's contract:
     * <ul>
     * <li>Every event of the turn arrives, in the server's order, ending with {@link ChatEvent.Stop}; the
     * {@code Multi} then completes. An event type this version does not know arrives as {@link ChatEvent.Unknown}.
     * A failed turn is a {@code Stop} with {@code isError()} set, delivered as an event.</li>
     * <li>An error status before the stream starts fails with the same {@link LlamaCloudHttpException} subclasses as
     * the other calls.</li>
     * <li>A stream that ends or breaks before {@code stop} after the service accepted the turn fails with
     * {@link LlamaCloudTurnAcceptedException} after every event that did arrive; its cause says what broke: the
     * connection ({@link LlamaCloudStreamCutOffException}), silence past the first-event or idle timeout
     * ({@link LlamaCloudStreamTimeoutException}), an event that is not JSON ({@link LlamaCloudMalformedEventException})
     * or is too large ({@link LlamaCloudEventTooLargeException}). The same failures before the service took the turn
     * arrive as themselves.</li>
     * <li>The turn-sending rule: the turn is sent again only when the service provably did not take it, within
     * {@code quarkus.llamacloud.max-retries}: the connection could not be made or broke before the request was
     * written, or the service turned it away (429, {@code X-Should-Retry: true}). After another error status the
     * retry policy retries (5xx, 408, 409), or when the request went out and no status came (a timeout or reset), the
     * session's history is read first: a recorded prompt means {@link LlamaCloudTurnAcceptedException}, an unrecorded
     * one another attempt. Once a success status or an event has arrived, it is never sent again. With
     * {@code quarkus.llamacloud.stream.recovery-timeout=0} the history is not read and a turn whose outcome is unknown
     * is never sent again.</li>
     * <li>{@code index_ids} is always sent, as the service requires: the request's, or else the session's own, known
     * from the calls this client has made or fetched with one summary request; {@code []} for an unbound
     * session.</li>
     * <li>Cancelling closes the connection at once. A slow subscriber pauses the connection instead of filling the
     * heap. Nothing blocks the event loop.</li>
     * <li>Each subscription sends the turn again: subscribe once.</li>
     * </ul>
     *
     * @param sessionId the session's id
     * @param request the prompt and options
     * @return the turn's events
     * @throws IllegalArgumentException if {@code sessionId} is {@code null} or blank
     */
    Multi<ChatEvent> stream(String sessionId, TurnRequest request);

    /**
     * Streams only the answer text of a turn, as it arrives. Works whether the server streams deltas, complete
     * {@code text} events or both: nothing is doubled.
     *
     * @param sessionId the session's id
     * @param prompt the user's message
     * @return the pieces of the answer; fails with {@link LlamaCloudTurnFailedException} if the turn fails
     */
    Multi<String> streamText(String sessionId, String prompt);

    /**
     * Streams only the answer text of a turn; see {@link #streamText(String, String)}.
     *
     * @param sessionId the session's id
     * @param request the prompt and options
     * @return the pieces of the answer
     */
    Multi<String> streamText(String sessionId, TurnRequest request);

    /**
     * Sends a prompt and assembles the whole turn: answer, reasoning, tool calls with their results, usage.
     * <p>
     * When the stream fails after the service accepted the turn, this waits for the turn to finish on the service and
     * assembles it from the session's history instead (up to {@code quarkus.llamacloud.stream.recovery-timeout}); the
     * turn's {@link ChatTurn#events()} are then the history's.
     *
     * @param sessionId the session's id
     * @param prompt the user's message
     * @return the turn; fails with {@link LlamaCloudTurnFailedException} (carrying the partial turn) if the service
     *         reports the turn as failed, with {@link LlamaCloudTurnAcceptedException} if it did not finish within the
     *         recovery timeout, or with the stream's other failures
     */
    Uni<ChatTurn> ask(String sessionId, String prompt);

    /**
     * Sends a turn and assembles it; see {@link #ask(String, String)}.
     *
     * @param sessionId the session's id
     * @param request the prompt and options
     * @return the turn
     */
    Uni<ChatTurn> ask(String sessionId, TurnRequest request);

    /**
     * A view of these sessions that sends every request with the given {@code project_id}.
     *
     * @param projectId the project id, or {@code null} to send none
     * @return a view sharing this one's connection pool and configuration
     */
    ChatSessions withProject(String projectId);

    /**
     * A view of these sessions that sends every request with the given {@code organization_id}.
     *
     * @param organizationId the organization id, or {@code null} to send none
     * @return a view sharing this one's connection pool and configuration
     */
    ChatSessions withOrganization(String organizationId);
}
