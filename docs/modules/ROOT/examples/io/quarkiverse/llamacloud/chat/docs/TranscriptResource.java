package io.quarkiverse.llamacloud.chat.docs;

// tag::example[]
import java.util.stream.Stream;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import io.quarkiverse.llamacloud.chat.BlockingChatSessions;
import io.quarkiverse.llamacloud.chat.ChatEvent;
import io.quarkiverse.llamacloud.chat.TurnRequest;

/**
 * A blocking endpoint (it returns a plain {@code String}, so Quarkus runs it on a worker thread) that asks for a
 * summary of a session and returns it once complete.
 */
@Path("/summaries/{sessionId}")
public class TranscriptResource {

    @Inject
    BlockingChatSessions chat;

    @GET
    public String summary(@PathParam("sessionId") String sessionId) {
        StringBuilder out = new StringBuilder();
        try (Stream<ChatEvent> events = chat.stream(sessionId, TurnRequest.of("Summarize the session"))) { // <1>
            events.forEach(event -> {
                if (event instanceof ChatEvent.TextDelta delta) {
                    out.append(delta.content());
                }
            });
        }
        return out.toString();
    }
}
// end::example[]
