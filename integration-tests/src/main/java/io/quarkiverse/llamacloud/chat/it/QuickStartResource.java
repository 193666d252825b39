package io.quarkiverse.llamacloud.chat.it;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;

import io.quarkiverse.llamacloud.chat.ChatSessions;
import io.quarkiverse.llamacloud.chat.SessionSummary;
import io.smallrye.mutiny.Uni;

/**
 * The README's quick start, as written: inject {@link ChatSessions} and make one call.
 */
@Path("/quickstart")
public class QuickStartResource {

    @Inject
    ChatSessions chat;

    @POST
    public Uni<SessionSummary> start() {
        Uni<SessionSummary> session = chat.create(List.of("my-index-id"));
        return session;
    }
}
