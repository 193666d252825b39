package io.quarkiverse.llamacloud.chat.docs;

// tag::example[]
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkiverse.llamacloud.chat.ChatSessions;
import io.quarkiverse.llamacloud.chat.SessionSummary;
import io.smallrye.mutiny.Multi;

/**
 * The titles of the project's sessions, fetched page by page as they are consumed.
 */
@ApplicationScoped
public class SessionTitles {

    @Inject
    ChatSessions chat;

    public Multi<String> titles() {
        return chat.listAll(50) // <1>
                .filter(session -> session.generatedTitle() != null)
                .map(SessionSummary::generatedTitle);
    }
}
// end::example[]
