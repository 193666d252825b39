package io.quarkiverse.llamacloud.chat.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.quarkiverse.llamacloud.chat.ChatSessions;
import io.quarkiverse.llamacloud.chat.ChatTurn;
import io.quarkiverse.llamacloud.chat.LlamaCloudClient;
import io.quarkiverse.llamacloud.chat.SessionSummary;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The guide's "Several projects and regions" example in test mode: with no key or URL for either client, Dev
 * Services serve both from one emulator, the named client in a project of its own name.
 */
@QuarkusTest
class RegionalChatTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    RegionalChat regional;

    @Inject
    ChatSessions chat;

    @Inject
    @LlamaCloudClient("eu")
    ChatSessions europe;

    @ConfigProperty(name = "quarkus.llamacloud.\"eu\".project-id")
    String europeProject;

    @Test
    void eachClientAnswersFromItsOwnProject() {
        ChatTurn inEurope = regional.ask(true, "demo-index", "What were the main findings in Q3?")
                .await().atMost(WAIT);
        ChatTurn elsewhere = regional.ask(false, "demo-index", "What were the main findings in Q3?")
                .await().atMost(WAIT);

        assertThat(inEurope.answer()).isNotBlank();
        assertThat(elsewhere.answer()).isNotBlank();
        assertThat(europeProject).isEqualTo("eu");
        String europeSession = europe.list().await().atMost(WAIT).items().get(0).sessionId();
        assertThat(chat.list().await().atMost(WAIT).items()).extracting(SessionSummary::sessionId)
                .doesNotContain(europeSession);
    }
}
