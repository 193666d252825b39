package io.quarkiverse.llamacloud.chat.runtime;

import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import io.quarkiverse.llamacloud.chat.BlockingChatSessions;
import io.quarkiverse.llamacloud.chat.ChatEvent;
import io.quarkiverse.llamacloud.chat.ChatSessions;
import io.quarkiverse.llamacloud.chat.ChatTurn;
import io.quarkiverse.llamacloud.chat.FullSession;
import io.quarkiverse.llamacloud.chat.SessionPage;
import io.quarkiverse.llamacloud.chat.SessionSummary;
import io.quarkiverse.llamacloud.chat.TurnRequest;
import io.smallrye.mutiny.Multi;

/**
 * {@link BlockingChatSessions} that waits on {@link ChatSessions}. The read timeout bounds every wait.
 */
public final class DefaultBlockingChatSessions implements BlockingChatSessions {

    private final ChatSessions reactive;

    /**
     * @param reactive the sessions to wait on
     */
    public DefaultBlockingChatSessions(ChatSessions reactive) {
        this.reactive = reactive;
    }

    @Override
    public SessionSummary create() {
        return reactive.create().await().indefinitely();
    }

    @Override
    public SessionSummary create(List<String> indexIds) {
        return reactive.create(indexIds).await().indefinitely();
    }

    @Override
    public SessionPage list() {
        return reactive.list().await().indefinitely();
    }

    @Override
    public SessionPage list(Integer pageSize, String pageToken) {
        return reactive.list(pageSize, pageToken).await().indefinitely();
    }

    @Override
    public Stream<SessionSummary> listAll() {
        return listAll(null);
    }

    @Override
    public Stream<SessionSummary> listAll(Integer pageSize) {
        // Pulled, not subscribed: a subscription's stream requests items (and so pages) ahead of the consumer.
        return StreamSupport.stream(new Pages(token -> list(pageSize, token)), false);
    }

    @Override
    public FullSession get(String sessionId) {
        return reactive.get(sessionId).await().indefinitely();
    }

    @Override
    public SessionSummary summary(String sessionId) {
        return reactive.summary(sessionId).await().indefinitely();
    }

    @Override
    public SessionSummary generateTitle(String sessionId, String firstMessage) {
        return reactive.generateTitle(sessionId, firstMessage).await().indefinitely();
    }

    @Override
    public void delete(String sessionId) {
        reactive.delete(sessionId).await().indefinitely();
    }

    @Override
    public Stream<ChatEvent> stream(String sessionId, String prompt) {
        return stream(sessionId, TurnRequest.of(prompt));
    }

    @Override
    public Stream<String> streamText(String sessionId, String prompt) {
        return streamText(sessionId, TurnRequest.of(prompt));
    }

    @Override
    public Stream<String> streamText(String sessionId, TurnRequest request) {
        return everyItemThenFailure(reactive.streamText(sessionId, request));
    }

    @Override
    public Stream<ChatEvent> stream(String sessionId, TurnRequest request) {
        return everyItemThenFailure(reactive.stream(sessionId, request));
    }

    @Override
    public ChatTurn ask(String sessionId, String prompt) {
        return reactive.ask(sessionId, prompt).await().indefinitely();
    }

    @Override
    public ChatTurn ask(String sessionId, TurnRequest request) {
        return reactive.ask(sessionId, request).await().indefinitely();
    }

    @Override
    public BlockingChatSessions withProject(String projectId) {
        return new DefaultBlockingChatSessions(reactive.withProject(projectId));
    }

    @Override
    public BlockingChatSessions withOrganization(String organizationId) {
        return new DefaultBlockingChatSessions(reactive.withOrganization(organizationId));
    }

    @Override
    public ChatSessions reactive() {
        return reactive;
    }

    /**
     * @return these items as a blocking stream that hands over every item that arrived before a failure, then throws
     *         the failure. Mutiny's own {@code subscribe().asStream()} throws a failure as soon as it arrives and drops
     *         the items still queued ahead of it: a turn cut off just after its answer would lose the answer's text.
     */
    static <T> Stream<T> everyItemThenFailure(Multi<T> items) {
        // In line: each item as a supplier of itself, then the failure as a supplier that throws it. A small batch
        // keeps reading close to consumption; closing the stream cancels the subscription.
        return items.map(item -> (Supplier<T>) () -> item).onFailure().recoverWithItem(failure -> () -> {
            throw failure instanceof RuntimeException unchecked ? unchecked : new CompletionException(failure);
        }).subscribe().asStream(16, () -> new ArrayBlockingQueue<>(16)).map(Supplier::get);
    }

    /** The sessions of a cursor-paginated listing, fetching the next page when the consumer reaches its end. */
    private static final class Pages extends Spliterators.AbstractSpliterator<SessionSummary> {
        private final Function<String, SessionPage> fetch;
        private Iterator<SessionSummary> unread = Collections.emptyIterator();
        private SessionPage last; // null until the first page is fetched

        Pages(Function<String, SessionPage> fetch) {
            super(Long.MAX_VALUE, Spliterator.ORDERED | Spliterator.NONNULL);
            this.fetch = fetch;
        }

        @Override
        public boolean tryAdvance(Consumer<? super SessionSummary> action) {
            while (!unread.hasNext()) {
                if (last != null && !last.hasNextPage()) {
                    return false;
                }
                last = fetch.apply(last == null ? null : last.nextPageToken());
                unread = last.items().iterator();
            }
            action.accept(unread.next());
            return true;
        }
    }
}
