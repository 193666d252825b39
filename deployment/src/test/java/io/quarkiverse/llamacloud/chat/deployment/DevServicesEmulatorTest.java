package io.quarkiverse.llamacloud.chat.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.logging.Level;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.llamacloud.chat.ChatEvent;
import io.quarkiverse.llamacloud.chat.ChatSessions;
import io.quarkiverse.llamacloud.chat.ChatTurn;
import io.quarkiverse.llamacloud.chat.FullSession;
import io.quarkiverse.llamacloud.chat.SessionSummary;
import io.quarkus.test.QuarkusUnitTest;

/**
 * With no LlamaCloud configuration at all, Dev Services start the emulator and a whole turn works offline, with no
 * ERROR in the log: nothing the extension brings looks for Docker (this machine has none).
 */
public class DevServicesEmulatorTest {

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest().withEmptyApplication()
            // Every record at ERROR or above, from the build (where Dev Services start) to the shutdown.
            .setLogRecordPredicate(record -> record.getLevel().intValue() >= Level.SEVERE.intValue())
            .assertLogRecords(records -> assertThat(records)
                    .as("ERROR lines of an application with the extension on a machine without Docker")
                    .extracting(record -> record.getLoggerName() + ": " + record.getMessage())
                    .isEmpty());

    @Inject
    ChatSessions chat;

    @ConfigProperty(name = "quarkus.llamacloud.base-url")
    String baseUrl;

    @Test
    void aFullTurnRunsAgainstTheEmulatorWithNoConfiguration() {
        assertThat(baseUrl).startsWith("http://127.0.0.1:");

        SessionSummary session = chat.create(List.of("demo-index")).await().atMost(Duration.ofSeconds(10));
        ChatTurn turn = chat.ask(session.sessionId(), "What were the main findings in Q3?")
                .await().atMost(Duration.ofSeconds(30));

        assertThat(turn.answer()).isNotBlank();
        assertThat(turn.toolExchanges()).isNotEmpty();
        assertThat(turn.toolExchanges().get(0).result()).isNotNull();
        assertThat(turn.usage().totalOutputTokens()).isPositive();
        assertThat(turn.isError()).isFalse();

        FullSession stored = chat.get(session.sessionId()).await().atMost(Duration.ofSeconds(10));
        assertThat(stored.events().get(0)).isEqualTo(new ChatEvent.UserInput("What were the main findings in Q3?"));
        assertThat(stored.jobMetadata()).isNotNull();
        assertThat(stored.indexIds()).containsExactly("demo-index");
    }
}
