package io.quarkiverse.llamacloud.chat.runtime;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.stream.Stream;

import io.quarkiverse.llamacloud.chat.BlockingChatSessions;
import io.quarkiverse.llamacloud.chat.ChatEvent;
import io.quarkiverse.llamacloud.chat.ChatSessions;
import io.quarkiverse.llamacloud.chat.ChatTurn;
import io.quarkiverse.llamacloud.chat.FullSession;
import io.quarkiverse.llamacloud.chat.SessionPage;
import io.quarkiverse.llamacloud.chat.SessionSummary;
import io.quarkiverse.llamacloud.chat.TurnRequest;

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
    public Stream<SessionSummary> listAll(Integer pageSize) {
        // A batch of one keeps the stream from asking for items, and so pages, ahead of the consumer.
        return reactive.listAll(pageSize).subscribe().asStream(1, () -> new ArrayBlockingQueue<>(1));
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
    public Stream<ChatEvent> stream(String sessionId, TurnRequest request) {
        // A small batch keeps reading close to consumption; closing the stream cancels the subscription.
        return reactive.stream(sessionId, request).subscribe().asStream(16, () -> new ArrayBlockingQueue<>(16));
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
}
