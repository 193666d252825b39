package io.quarkiverse.llamacloud.chat.it;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.quarkiverse.llamacloud.chat.BlockingChatSessions;
import io.quarkiverse.llamacloud.chat.ChatSessions;
import io.quarkiverse.llamacloud.chat.ChatTurn;
import io.quarkiverse.llamacloud.chat.LlamaCloudClient;
import io.quarkiverse.llamacloud.chat.SessionSummary;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;

/**
 * The same calls through a named client, {@code archive}: another project (in tests, Dev Services give it one of its
 * own in the emulator), another stream timeout.
 */
@Path("/archive")
@Produces(MediaType.APPLICATION_JSON)
public class ArchiveResource {

    @Inject
    @LlamaCloudClient("archive")
    ChatSessions archive;

    @Inject
    @LlamaCloudClient("archive")
    BlockingChatSessions blockingArchive;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<SessionSummary> create(List<String> indexIds) {
        return archive.create(indexIds);
    }

    @GET
    public Uni<List<String>> ids() {
        return archive.listAll().map(SessionSummary::sessionId).collect().asList();
    }

    @POST
    @Path("/{id}/ask")
    @Consumes(MediaType.TEXT_PLAIN)
    @Blocking
    public ChatTurn ask(@PathParam("id") String id, String question) {
        return blockingArchive.ask(id, question);
    }
}
