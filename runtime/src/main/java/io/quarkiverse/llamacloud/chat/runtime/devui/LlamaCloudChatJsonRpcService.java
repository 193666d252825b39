package io.quarkiverse.llamacloud.chat.runtime.devui;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import jakarta.enterprise.inject.Any;

import io.quarkiverse.llamacloud.chat.ChatEvent;
import io.quarkiverse.llamacloud.chat.ChatSessions;
import io.quarkiverse.llamacloud.chat.LlamaCloudClient;
import io.quarkiverse.llamacloud.chat.SessionPage;
import io.quarkiverse.llamacloud.chat.SessionSummary;
import io.quarkus.arc.Arc;
import io.quarkus.arc.InstanceHandle;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * The Dev UI's JSON-RPC service behind the Chat and Sessions pages; registered in dev mode only.
 * <p>
 * Every method takes the client to use by name ({@link #clients()}). Results are plain JSON objects built by
 * {@link DevUiViews}; a failure is not a JSON-RPC error but an object with an {@code error} member (type, status,
 * message, request id, attempts), because the Dev UI's JSON-RPC error carries only a message and the pages show the
 * typed exception. The API key is never part of a result.
 */
public class LlamaCloudChatJsonRpcService {

    /** The name under which the page lists the default client. */
    public static final String DEFAULT_CLIENT = LlamaCloudClient.DEFAULT;

    /**
     * @return the names of the clients the pages can pick from, the default one first, then the named ones sorted
     */
    public List<String> clients() {
        List<String> names = new ArrayList<>();
        for (InstanceHandle<ChatSessions> handle : Arc.container().listAll(ChatSessions.class, Any.Literal.INSTANCE)) {
            handle.getBean().getQualifiers().stream().filter(LlamaCloudClient.class::isInstance)
                    .map(qualifier -> ((LlamaCloudClient) qualifier).value()).forEach(names::add);
        }
        names.sort((a, b) -> DEFAULT_CLIENT.equals(a) ? -1 : DEFAULT_CLIENT.equals(b) ? 1 : a.compareTo(b));
        return names;
    }

    /**
     * @param client the client's name
     * @param indexIds the indexes to bind, separated by commas or spaces; blank for an unbound session
     * @return the new session's summary view, or an error
     */
    public Uni<Map<String, Object>> createSession(String client, String indexIds) {
        return call(() -> sessions(client).create(splitIds(indexIds)).map(DevUiViews::summary));
    }

    /**
     * @param client the client's name
     * @param pageSize sessions per page, or {@code null} for the service's default
     * @param pageToken the previous page's {@code nextPageToken}, or blank for the first page
     * @return {@code items} (summary views) and {@code nextPageToken} ({@code null} on the last page), or an error
     */
    public Uni<Map<String, Object>> listSessions(String client, Integer pageSize, String pageToken) {
        return call(() -> sessions(client).list(pageSize, blankToNull(pageToken)).map(LlamaCloudChatJsonRpcService::page));
    }

    /**
     * @param client the client's name
     * @param sessionId the session
     * @return the session's summary view with its {@code events} (event views), or an error
     */
    public Uni<Map<String, Object>> getSession(String client, String sessionId) {
        return call(() -> sessions(client).get(sessionId).map(DevUiViews::session));
    }

    /**
     * Generates a session's title from its first message, as the service does when asked.
     *
     * @param client the client's name
     * @param sessionId the session
     * @param firstMessage the message to make the title of; blank to use the session's first user message
     * @return the session's new summary view, or an error
     */
    public Uni<Map<String, Object>> generateTitle(String client, String sessionId, String firstMessage) {
        return call(() -> {
            ChatSessions sessions = sessions(client);
            if (firstMessage != null && !firstMessage.isBlank()) {
                return sessions.generateTitle(sessionId, firstMessage).map(DevUiViews::summary);
            }
            return sessions.get(sessionId).flatMap(session -> {
                String first = session.events().stream()
                        .filter(ChatEvent.UserInput.class::isInstance)
                        .map(event -> ((ChatEvent.UserInput) event).content())
                        .findFirst()
                        .orElseThrow(() -> new IllegalArgumentException(
                                "The session has no message yet to make a title of"));
                return sessions.generateTitle(sessionId, first);
            }).map(DevUiViews::summary);
        });
    }

    /**
     * @param client the client's name
     * @param sessionId the session to delete
     * @return {@code deleted} and the session id, or an error
     */
    public Uni<Map<String, Object>> deleteSession(String client, String sessionId) {
        return call(() -> sessions(client).delete(sessionId)
                .map(ignored -> DevUiViews.view("deleted", true, "sessionId", sessionId)));
    }

    /**
     * Sends a prompt and streams the turn to the page as it arrives.
     * <p>
     * Items, each with a {@code kind}: {@code event} (an event view and the milliseconds since the turn was sent),
     * then exactly one of {@code done} or {@code error}, both with {@code timeToFirstEventMs} ({@code null} when no
     * event came) and {@code elapsedMs}. The Dev UI's subscriptions do not tell the page that a stream completed,
     * so the last item says it. Unsubscribing cancels the turn, which closes its connection.
     *
     * @param client the client's name
     * @param sessionId the session
     * @param prompt the user's message
     * @return the turn's items
     */
    public Multi<Map<String, Object>> streamTurn(String client, String sessionId, String prompt) {
        return Multi.createFrom().deferred(() -> {
            long sent = System.nanoTime();
            AtomicLong firstEvent = new AtomicLong(-1);
            AtomicInteger events = new AtomicInteger();
            // Deferred too, so that an unknown client or a blank session id ends as an error item like the rest.
            Multi<ChatEvent> turn = Multi.createFrom().deferred(() -> sessions(client).stream(sessionId, prompt));
            Multi<Map<String, Object>> items = turn.map(event -> {
                long now = System.nanoTime();
                firstEvent.compareAndSet(-1, now);
                events.incrementAndGet();
                return DevUiViews.view("kind", "event", "event", DevUiViews.event(event), "elapsedMs",
                        millisSince(sent, now));
            });
            return items
                    .onCompletion().continueWith(() -> List.of(end("done", sent, firstEvent.get(), events.get())))
                    .onFailure().recoverWithItem(failure -> {
                        Map<String, Object> item = end("error", sent, firstEvent.get(), events.get());
                        item.put("error", DevUiViews.error(failure));
                        return item;
                    });
        });
    }

    private static Map<String, Object> end(String kind, long sent, long firstEvent, int events) {
        return DevUiViews.view("kind", kind, "events", events, "timeToFirstEventMs",
                firstEvent < 0 ? null : millisSince(sent, firstEvent), "elapsedMs", millisSince(sent, System.nanoTime()));
    }

    private static long millisSince(long start, long now) {
        return (now - start) / 1_000_000;
    }

    private static Map<String, Object> page(SessionPage page) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (SessionSummary summary : page.items()) {
            items.add(DevUiViews.summary(summary));
        }
        return DevUiViews.view("items", items, "nextPageToken", page.hasNextPage() ? page.nextPageToken() : null);
    }

    private ChatSessions sessions(String client) {
        String name = client == null || client.isBlank() ? DEFAULT_CLIENT : client;
        InstanceHandle<ChatSessions> handle = Arc.container().instance(ChatSessions.class,
                LlamaCloudClient.Literal.of(name));
        if (!handle.isAvailable()) {
            throw new IllegalArgumentException("Unknown client " + client + "; the clients are " + clients());
        }
        return handle.get();
    }

    /** Runs a call, turning whatever it throws or fails with into an error result the page can show. */
    private static Uni<Map<String, Object>> call(Supplier<Uni<Map<String, Object>>> call) {
        return Uni.createFrom().<Map<String, Object>> deferred(() -> call.get())
                .onFailure().recoverWithItem(failure -> Map.<String, Object> of("error", DevUiViews.error(failure)));
    }

    static List<String> splitIds(String ids) {
        if (ids == null || ids.isBlank()) {
            return List.of();
        }
        return Arrays.stream(ids.split("[,\\s]+")).filter(id -> !id.isEmpty()).distinct().toList();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
