package io.quarkiverse.llamacloud.chat.docs;

// tag::example[]
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkiverse.llamacloud.chat.ChatSessions;
import io.smallrye.mutiny.Uni;

/**
 * Waits for a whole turn and gives its answer with the documents whose pages the agent looked at.
 */
@ApplicationScoped
public class AnswerWithSources {

    @Inject
    ChatSessions chat;

    public Uni<String> answer(String sessionId, String question) {
        return chat.ask(sessionId, question).map(turn -> {
            StringBuilder out = new StringBuilder(turn.answer());
            turn.images().forEach(image -> out.append("\nsee ").append(image.sourceId()));
            return out.toString();
        });
    }
}
// end::example[]
