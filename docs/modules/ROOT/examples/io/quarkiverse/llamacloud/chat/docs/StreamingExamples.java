package io.quarkiverse.llamacloud.chat.docs;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestStreamElementType;

import io.quarkiverse.llamacloud.chat.ChatEvent;
import io.quarkiverse.llamacloud.chat.ChatSessions;
import io.quarkiverse.llamacloud.chat.TurnRequest;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Examples of streaming a turn, included in the guide.
 */
@Path("/assistant")
public class StreamingExamples {

    @Inject
    ChatSessions chat;

    // tag::relay[]
    @POST
    @Path("/{sessionId}/answer")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.TEXT_PLAIN)
    public Multi<String> answer(@PathParam("sessionId") String sessionId, String question) {
        return chat.streamText(sessionId, question); // <1>
    }
    // end::relay[]

    // tag::events[]
    Multi<String> narrate(String sessionId, String question) {
        return chat.stream(sessionId, TurnRequest.of(question).withIndexIds(List.of("idx-reports")))
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
    // end::events[]

    // tag::assemble[]
    Uni<String> answerWithSources(String sessionId, String question) {
        return chat.ask(sessionId, question).map(turn -> {
            StringBuilder out = new StringBuilder(turn.answer());
            turn.images().forEach(image -> out.append("\nsee ").append(image.sourceId()));
            return out.toString();
        });
    }
    // end::assemble[]

    // tag::blocking[]
    @GET
    @Path("/{sessionId}/transcript")
    @Blocking
    public String transcript(@PathParam("sessionId") String sessionId) {
        StringBuilder out = new StringBuilder();
        for (ChatEvent event : chat.stream(sessionId, "Summarize the session").subscribe().asIterable()) { // <1>
            if (event instanceof ChatEvent.TextDelta delta) {
                out.append(delta.content());
            }
        }
        return out.toString();
    }
    // end::blocking[]

}
