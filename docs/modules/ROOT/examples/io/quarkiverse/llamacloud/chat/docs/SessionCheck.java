package io.quarkiverse.llamacloud.chat.docs;

// tag::example[]
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkiverse.llamacloud.chat.ChatSessions;
import io.quarkiverse.llamacloud.chat.LlamaCloudNotFoundException;
import io.smallrye.mutiny.Uni;

/**
 * Whether a session exists: a 404 from LlamaCloud is an answer here, not a failure.
 */
@ApplicationScoped
public class SessionCheck {

    @Inject
    ChatSessions chat;

    public Uni<Boolean> exists(String sessionId) {
        return chat.summary(sessionId)
                .map(summary -> true)
                .onFailure(LlamaCloudNotFoundException.class).recoverWithItem(false);
    }
}
// end::example[]
