package io.quarkiverse.llamacloud.chat.docs;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;

import io.quarkiverse.llamacloud.chat.ChatSessions;
import io.quarkiverse.llamacloud.chat.SessionSummary;
import io.smallrye.mutiny.Uni;

/**
 * The quick start of the guide: inject {@link ChatSessions} and create a session bound to an index.
 */
@Path("/chats")
public class QuickStart {

    // tag::quickstart[]
    @Inject
    ChatSessions chat;

    @POST
    public Uni<SessionSummary> start() {
        return chat.create(List.of("my-index-id"));
    }
    // end::quickstart[]
}
