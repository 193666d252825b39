package io.quarkiverse.llamacloud.chat;

import java.util.List;
import java.util.stream.Stream;

/**
 * The blocking face of {@link ChatSessions}, for code that runs on worker threads (a {@code @Blocking} endpoint, a
 * scheduled job, a plain {@code main}).
 * <p>
 * Inject it with {@code @Inject BlockingChatSessions chat;}. Each method waits for the service's answer and returns
 * it, or throws the same {@link LlamaCloudException} subclasses as {@link ChatSessions}. Calling it on the Vert.x
 * event loop fails with an {@link IllegalStateException}: use {@link ChatSessions} there.
 */
public interface BlockingChatSessions {

    /** @return the new, unbound session's summary */
    SessionSummary create();

    /**
     * @param indexIds the index ids to bind, at most 10; {@code null} or empty creates an unbound session
     * @return the new session's summary
     */
    SessionSummary create(List<String> indexIds);

    /** @return the first page of sessions, with the server's default page size */
    SessionPage list();

    /**
     * @param pageSize sessions per page, or {@code null} for the server's default
     * @param pageToken the previous page's {@link SessionPage#nextPageToken()}, or {@code null} for the first page
     * @return the page
     */
    SessionPage list(Integer pageSize, String pageToken);

    /**
     * Every session of the project, with the server's default page size; see {@link #listAll(Integer)}.
     *
     * @return a lazy stream of sessions
     */
    Stream<SessionSummary> listAll();

    /**
     * Every session of the project, fetched page by page as the stream is consumed: a page is requested only when
     * the consumer asks for a session beyond the pages fetched so far, so {@code listAll(n).limit(n)} costs one
     * request. Each request waits on the calling thread.
     *
     * @param pageSize sessions per request, or {@code null} for the server's default
     * @return a lazy stream of sessions
     */
    Stream<SessionSummary> listAll(Integer pageSize);

    /**
     * @param sessionId the session's id
     * @return the session with its event history
     */
    FullSession get(String sessionId);

    /**
     * @param sessionId the session's id
     * @return the session's summary
     */
    SessionSummary summary(String sessionId);

    /**
     * @param sessionId the session's id
     * @param firstMessage the session's first user message
     * @return the summary with the generated title
     */
    SessionSummary generateTitle(String sessionId, String firstMessage);

    /**
     * @param sessionId the session to delete
     */
    void delete(String sessionId);

    /**
     * Sends a prompt and returns its events, retrieving from the session's own indexes; see
     * {@link #stream(String, TurnRequest)}.
     *
     * @param sessionId the session's id
     * @param prompt the user's message
     * @return the turn's events
     */
    Stream<ChatEvent> stream(String sessionId, String prompt);

    /**
     * Sends a prompt and returns only the answer's text, piece by piece as it arrives, as a lazy stream; see
     * {@link ChatSessions#streamText(String, String)}. Close it to stop early.
     *
     * @param sessionId the session's id
     * @param prompt the user's message
     * @return the pieces of the answer; iteration throws {@link LlamaCloudTurnFailedException} if the turn fails,
     *         and any other failure after the pieces that arrived before it
     */
    Stream<String> streamText(String sessionId, String prompt);

    /**
     * Sends a turn and returns only the answer's text; see {@link #streamText(String, String)}.
     *
     * @param sessionId the session's id
     * @param request the prompt and options
     * @return the pieces of the answer
     */
    Stream<String> streamText(String sessionId, TurnRequest request);

    /**
     * Sends a turn and returns its events as a lazy stream that reads from the connection as it is consumed. Close
     * it (try-with-resources) to stop early: closing cancels the turn's stream and closes its connection.
     *
     * @param sessionId the session's id
     * @param request the prompt and options
     * @return the turn's events, ending with {@link ChatEvent.Stop}; if the stream fails, iteration hands over every
     *         event that arrived before the failure, then throws it
     */
    Stream<ChatEvent> stream(String sessionId, TurnRequest request);

    /**
     * Sends a prompt and waits for the assembled turn.
     *
     * @param sessionId the session's id
     * @param prompt the user's message
     * @return the turn
     * @throws LlamaCloudTurnFailedException if the service reports the turn as failed
     */
    ChatTurn ask(String sessionId, String prompt);

    /**
     * Sends a turn and waits for it, assembled.
     *
     * @param sessionId the session's id
     * @param request the prompt and options
     * @return the turn
     */
    ChatTurn ask(String sessionId, TurnRequest request);

    /**
     * @param projectId the project id to send, or {@code null} for none
     * @return a view that sends every request with this project id
     */
    BlockingChatSessions withProject(String projectId);

    /**
     * @param organizationId the organization id to send, or {@code null} for none
     * @return a view that sends every request with this organization id
     */
    BlockingChatSessions withOrganization(String organizationId);

    /** @return the reactive sessions this view waits on */
    ChatSessions reactive();
}
