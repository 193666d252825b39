package io.quarkiverse.llamacloud.chat.it;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestStreamElementType;

import io.quarkiverse.llamacloud.chat.BlockingChatSessions;
import io.quarkiverse.llamacloud.chat.ChatEvent;
import io.quarkiverse.llamacloud.chat.ChatSessions;
import io.quarkiverse.llamacloud.chat.ChatTurn;
import io.quarkiverse.llamacloud.chat.FullSession;
import io.quarkiverse.llamacloud.chat.LlamaCloudException;
import io.quarkiverse.llamacloud.chat.LlamaCloudStreamCutOffException;
import io.quarkiverse.llamacloud.chat.LlamaCloudTurnAcceptedException;
import io.quarkiverse.llamacloud.chat.SessionPage;
import io.quarkiverse.llamacloud.chat.SessionSummary;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * An application's own API over LlamaCloud chat sessions: what a Quarkus service built on the extension looks like.
 */
@Path("/sessions")
@Produces(MediaType.APPLICATION_JSON)
public class SessionsResource {

    @Inject
    ChatSessions chat;

    @Inject
    BlockingChatSessions blockingChat;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<SessionSummary> create(List<String> indexIds) {
        return chat.create(indexIds);
    }

    @GET
    public Uni<SessionPage> page(@QueryParam("pageSize") Integer pageSize, @QueryParam("pageToken") String pageToken) {
        return chat.list(pageSize, pageToken);
    }

    @GET
    @Path("/all")
    public Uni<List<String>> allIds(@QueryParam("pageSize") Integer pageSize) {
        return chat.listAll(pageSize).map(SessionSummary::sessionId).collect().asList();
    }

    @GET
    @Path("/{id}")
    public Uni<FullSession> get(@PathParam("id") String id) {
        return chat.get(id);
    }

    @GET
    @Path("/{id}/summary")
    public Uni<SessionSummary> summary(@PathParam("id") String id) {
        return chat.summary(id);
    }

    @POST
    @Path("/{id}/title")
    @Consumes(MediaType.TEXT_PLAIN)
    public Uni<SessionSummary> title(@PathParam("id") String id, String firstMessage) {
        return chat.generateTitle(id, firstMessage);
    }

    @DELETE
    @Path("/{id}")
    public Uni<Void> delete(@PathParam("id") String id) {
        return chat.delete(id);
    }

    /** Relays the answer of a turn to the caller as server-sent events, piece by piece. */
    @POST
    @Path("/{id}/answer")
    @Consumes(MediaType.TEXT_PLAIN)
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.TEXT_PLAIN)
    public Multi<String> answer(@PathParam("id") String id, String question) {
        return chat.streamText(id, question);
    }

    /** Relays every event of a turn as JSON server-sent events. */
    @POST
    @Path("/{id}/events")
    @Consumes(MediaType.TEXT_PLAIN)
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    public Multi<ChatEvent> events(@PathParam("id") String id, String question) {
        return chat.stream(id, question);
    }

    /** Waits for the whole turn, assembled. */
    @POST
    @Path("/{id}/ask")
    @Consumes(MediaType.TEXT_PLAIN)
    public Uni<ChatTurn> ask(@PathParam("id") String id, String question) {
        return chat.ask(id, question);
    }

    /**
     * How a turn's stream went, as the application saw it: the types of the events that arrived, in order, then the
     * failure that ended the stream, if one did.
     *
     * @param eventTypes the wire types of the events delivered
     * @param failure the simple name of the exception that ended the stream, or {@code null} when it completed
     * @param cause the simple name of what broke the stream of a turn the service accepted, or {@code null}
     * @param eventsDelivered the events delivered before the failure, as the exception counts them, or {@code null}
     * @param message the exception's message, or {@code null}
     */
    public record TurnOutcome(List<String> eventTypes, String failure, String cause, Long eventsDelivered,
            String message) {
    }

    /** Streams a turn to its end and reports what arrived and how it ended, instead of relaying it. */
    @POST
    @Path("/{id}/outcome")
    @Consumes(MediaType.TEXT_PLAIN)
    public Uni<TurnOutcome> outcome(@PathParam("id") String id, String question) {
        List<String> types = Collections.synchronizedList(new ArrayList<>());
        return chat.stream(id, question)
                .onItem().invoke(event -> types.add(event.type()))
                .collect().last()
                .map(last -> new TurnOutcome(List.copyOf(types), null, null, null, null))
                .onFailure(LlamaCloudException.class).recoverWithItem(failure -> new TurnOutcome(List.copyOf(types),
                        failure.getClass().getSimpleName(),
                        failure.getCause() == null ? null : failure.getCause().getClass().getSimpleName(),
                        failure instanceof LlamaCloudTurnAcceptedException accepted ? accepted.eventsDelivered()
                                : failure instanceof LlamaCloudStreamCutOffException cut ? cut.eventsDelivered() : null,
                        failure.getMessage()));
    }

    /** The same call from a worker thread, with the blocking API. */
    @GET
    @Path("/blocking/{id}/summary")
    @Blocking
    public SessionSummary blockingSummary(@PathParam("id") String id) {
        return blockingChat.summary(id);
    }

    /** A turn on a worker thread, iterating the stream. */
    @POST
    @Path("/blocking/{id}/answer")
    @Consumes(MediaType.TEXT_PLAIN)
    @Produces(MediaType.TEXT_PLAIN)
    @Blocking
    public String blockingAnswer(@PathParam("id") String id, String question) {
        StringBuilder answer = new StringBuilder();
        try (Stream<ChatEvent> events = blockingChat.stream(id, question)) {
            events.forEach(event -> {
                if (event instanceof ChatEvent.TextDelta delta) {
                    answer.append(delta.content());
                }
            });
        }
        return answer.toString();
    }
}
