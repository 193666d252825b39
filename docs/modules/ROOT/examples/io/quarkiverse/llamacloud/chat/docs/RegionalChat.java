package io.quarkiverse.llamacloud.chat.docs;

// tag::example[]
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkiverse.llamacloud.chat.ChatSessions;
import io.quarkiverse.llamacloud.chat.ChatTurn;
import io.quarkiverse.llamacloud.chat.LlamaCloudClient;
import io.smallrye.mutiny.Uni;

/**
 * Customers in Europe are answered from the EU region, with that project's key; everyone else from the default
 * client.
 */
@ApplicationScoped
public class RegionalChat {

    @Inject
    ChatSessions chat; // <1>

    @Inject
    @LlamaCloudClient("eu")
    ChatSessions europe; // <2>

    public Uni<ChatTurn> ask(boolean inEurope, String indexId, String question) {
        ChatSessions sessions = inEurope ? europe : chat;
        return sessions.create(List.of(indexId))
                .flatMap(session -> sessions.ask(session.sessionId(), question));
    }
}
// end::example[]
