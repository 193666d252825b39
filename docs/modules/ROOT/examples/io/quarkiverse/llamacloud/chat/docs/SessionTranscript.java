package io.quarkiverse.llamacloud.chat.docs;

// tag::example[]
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkiverse.llamacloud.chat.ChatEvent;
import io.quarkiverse.llamacloud.chat.ChatSessions;
import io.quarkiverse.llamacloud.chat.FullSession;
import io.smallrye.mutiny.Uni;

/**
 * A session's questions and answers, from its event history.
 */
@ApplicationScoped
public class SessionTranscript {

    @Inject
    ChatSessions chat;

    public Uni<String> transcript(String sessionId) {
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
}
// end::example[]
