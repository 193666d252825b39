package io.quarkiverse.llamacloud.chat.docs;

// tag::example[]
import java.util.List;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkiverse.llamacloud.chat.BlockingChatSessions;
import io.quarkiverse.llamacloud.chat.SessionSummary;

/**
 * The ids of the 20 newest sessions, for code on a worker thread.
 */
@ApplicationScoped
public class RecentSessions {

    @Inject
    BlockingChatSessions chat;

    public List<String> recentSessionIds() {
        try (Stream<SessionSummary> sessions = chat.listAll(20)) {
            return sessions.limit(20).map(SessionSummary::sessionId).toList();
        }
    }
}
// end::example[]
