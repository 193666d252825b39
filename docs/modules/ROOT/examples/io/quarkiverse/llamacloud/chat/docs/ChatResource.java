package io.quarkiverse.llamacloud.chat.docs;

// tag::quickstart[]
import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestStreamElementType;

import io.quarkiverse.llamacloud.chat.ChatSessions;
import io.quarkiverse.llamacloud.chat.SessionSummary;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Streams the answer to a question to the browser as server-sent events: {@code answer} events with the text as it
 * arrives, then {@code done} with the session to continue, or {@code failed} with what went wrong.
 */
@Path("/chat")
public class ChatResource {

    /** The data of the events, as JSON: SSE would drop a space that starts an answer's piece of text. */
    public record Answer(String text) {
    }

    /** The end of a turn: the session the next question continues. */
    public record Done(String session) {
    }

    /** The end of a turn that failed: what went wrong. */
    public record Failed(String message) {
    }

    @Inject
    ChatSessions chat;

    @ConfigProperty(name = "chat.index-id")
    String indexId;

    @GET // <1>
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    public void ask(@RestQuery String question, @RestQuery String session, @Context Sse sse,
            @Context SseEventSink browser) {
        if (question == null || question.isBlank()) {
            throw new BadRequestException("question is required"); // <2>
        }
        Uni<String> sessionId = session != null ? Uni.createFrom().item(session)
                : chat.create(List.of(indexId)).map(SessionSummary::sessionId); // <3>
        Multi<OutboundSseEvent> events = sessionId.onItem().transformToMulti(id -> chat.streamText(id, question)
                .map(text -> event(sse, "answer", new Answer(text)))
                .onCompletion().continueWith(event(sse, "done", new Done(id)))) // <4>
                .onFailure().recoverWithItem(failure -> { // <5>
                    Log.warnf("Chat turn failed: %s", failure.getMessage());
                    return event(sse, "failed", new Failed(failure.getMessage()));
                });
        events.onItem().transformToUniAndConcatenate(event -> send(browser, event)) // <6>
                .subscribe().with(sent -> {
                }, gone -> {
                    Log.debugf("The browser left before the end of the turn: %s", gone);
                    browser.close();
                }, browser::close);
    }

    private static Uni<Void> send(SseEventSink browser, OutboundSseEvent event) {
        return Uni.createFrom().completionStage(() -> browser.send(event)).replaceWithVoid();
    }

    private static OutboundSseEvent event(Sse sse, String name, Object data) {
        return sse.newEventBuilder().name(name).data(data).build();
    }
}
// end::quickstart[]
