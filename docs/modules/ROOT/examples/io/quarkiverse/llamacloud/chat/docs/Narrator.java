package io.quarkiverse.llamacloud.chat.docs;

// tag::example[]
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkiverse.llamacloud.chat.ChatEvent;
import io.quarkiverse.llamacloud.chat.ChatSessions;
import io.quarkiverse.llamacloud.chat.TurnRequest;
import io.smallrye.mutiny.Multi;

/**
 * Tells a turn as it happens: the searches the agent runs, the answer, the tokens it cost.
 */
@ApplicationScoped
public class Narrator {

    @Inject
    ChatSessions chat;

    public Multi<String> narrate(String sessionId, String question) {
        return chat.stream(sessionId, TurnRequest.of(question).withIndexIds(List.of("demo-index")))
                .map(event -> {
                    if (event instanceof ChatEvent.ToolCall call) {
                        return "[searching: " + call.arguments() + "]";
                    } else if (event instanceof ChatEvent.TextDelta delta) {
                        return delta.content();
                    } else if (event instanceof ChatEvent.Stop stop) {
                        return "\n(" + stop.usage().totalOutputTokens() + " tokens)";
                    }
                    return "";
                });
    }
}
// end::example[]
