package io.quarkiverse.llamacloud.chat.docs;

import java.util.List;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import io.quarkiverse.llamacloud.chat.BlockingChatSessions;
import io.quarkiverse.llamacloud.chat.ChatEvent;
import io.quarkiverse.llamacloud.chat.ChatSessions;
import io.quarkiverse.llamacloud.chat.FullSession;
import io.quarkiverse.llamacloud.chat.LlamaCloudNotFoundException;
import io.quarkiverse.llamacloud.chat.SessionSummary;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Examples of the session calls, included in the guide.
 */
public class SessionsExamples {

    @Inject
    ChatSessions chat;

    @Inject
    BlockingChatSessions blockingChat;

    // tag::list-all[]
    Multi<String> titles() {
        return chat.listAll(50) // <1>
                .filter(session -> session.generatedTitle() != null)
                .map(SessionSummary::generatedTitle);
    }
    // end::list-all[]

    // tag::history[]
    Uni<String> transcript(String sessionId) {
        return chat.get(sessionId).map(FullSession::events).map(events -> {
            StringBuilder text = new StringBuilder();
            for (ChatEvent event : events) {
                if (event instanceof ChatEvent.UserInput input) {
                    text.append("> ").append(input.content()).append('\n');
                } else if (event instanceof ChatEvent.Text answer) {
                    text.append(answer.content()).append('\n');
                }
            }
            return text.toString();
        });
    }
    // end::history[]

    // tag::not-found[]
    Uni<Boolean> exists(String sessionId) {
        return chat.summary(sessionId)
                .map(summary -> true)
                .onFailure(LlamaCloudNotFoundException.class).recoverWithItem(false);
    }
    // end::not-found[]

    // tag::blocking[]
    List<String> recentSessionIds() { // runs on a worker thread
        try (Stream<SessionSummary> sessions = blockingChat.listAll(20)) {
            return sessions.limit(20).map(SessionSummary::sessionId).toList();
        }
    }
    // end::blocking[]

    // tag::projects[]
    Uni<SessionSummary> createInProject(String projectId, List<String> indexIds) {
        return chat.withProject(projectId).create(indexIds);
    }
    // end::projects[]
}
