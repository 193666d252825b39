package io.quarkiverse.llamacloud.chat.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkiverse.llamacloud.chat.BlockingChatSessions;
import io.quarkiverse.llamacloud.chat.ChatSessions;
import io.quarkiverse.llamacloud.chat.SessionSummary;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.mutiny.Uni;

/**
 * The README's quick start, step by step: the key comes from {@code application.properties} (the
 * {@code %quickstart} profile there), only the base URL points at the stub, then {@code @Inject ChatSessions chat;}
 * and one call.
 */
@QuarkusTest
@TestProfile(QuickStartTest.ReadmeQuickStart.class)
public class QuickStartTest {

    /** The quick start's configuration: {@code application.properties} with the key; the stub is told not to set one. */
    public static class ReadmeQuickStart implements QuarkusTestProfile {

        @Override
        public String getConfigProfile() {
            return "quickstart";
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(LlamaCloudStubResource.class, Map.of("api-key", "false")));
        }
    }

    // Step 3
    @Inject
    ChatSessions chat;

    // Step 5
    @Inject
    BlockingChatSessions blockingChat;

    @Test
    void createsASessionAndReadsItBack() {
        // Step 4
        Uni<SessionSummary> session = chat.create(List.of("my-index-id"));

        SessionSummary created = session.await().indefinitely();
        assertThat(created.sessionId()).isEqualTo(LlamaCloudStubResource.QUICKSTART_SESSION);
        assertThat(created.indexIds()).containsExactly("my-index-id");
        assertThat(created.isBound()).isTrue();
        assertThat(created.jobMetadata()).isNull();

        SessionSummary summary = blockingChat.summary(created.sessionId());
        assertThat(summary).isEqualTo(created);
    }
}
