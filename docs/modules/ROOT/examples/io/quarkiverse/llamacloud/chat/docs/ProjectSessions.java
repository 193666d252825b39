package io.quarkiverse.llamacloud.chat.docs;

// tag::example[]
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkiverse.llamacloud.chat.ChatSessions;
import io.quarkiverse.llamacloud.chat.SessionSummary;
import io.smallrye.mutiny.Uni;

/**
 * Sessions in a project other than the configured one.
 */
@ApplicationScoped
public class ProjectSessions {

    @Inject
    ChatSessions chat;

    public Uni<SessionSummary> createInProject(String projectId, List<String> indexIds) {
        return chat.withProject(projectId).create(indexIds);
    }
}
// end::example[]
