package io.quarkiverse.llamacloud.chat.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.llamacloud.chat.BlockingChatSessions;
import io.quarkiverse.llamacloud.chat.ChatSessions;
import io.quarkiverse.llamacloud.chat.ChatTurn;
import io.quarkiverse.llamacloud.chat.LlamaCloudClient;
import io.quarkiverse.llamacloud.chat.LlamaCloudUnauthorizedException;
import io.quarkiverse.llamacloud.chat.SessionSummary;
import io.quarkiverse.llamacloud.chat.emulator.EmulatorClient;
import io.quarkiverse.llamacloud.chat.emulator.LlamaCloudEmulator;
import io.quarkus.arc.Arc;
import io.quarkus.test.QuarkusUnitTest;

/**
 * Two named clients and the default one, on two loopback services with different keys: every request, session call
 * and turn alike, goes to its own client's base URL with its own key and project.
 */
public class NamedClientsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String PROMPT = "What were the main findings in Q3?";

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClass(TestEmulator.class))
            .overrideConfigKey("quarkus.llamacloud.base-url", TestEmulator.baseUrl())
            .overrideConfigKey("quarkus.llamacloud.api-key", LlamaCloudEmulator.DEFAULT_API_KEY)
            .overrideConfigKey("quarkus.llamacloud.\"eu\".base-url", TestEmulator.second())
            .overrideConfigKey("quarkus.llamacloud.\"eu\".api-key", TestEmulator.SECOND_KEY)
            .overrideConfigKey("quarkus.llamacloud.\"eu\".stream.idle-timeout", "20s")
            .overrideConfigKey("quarkus.llamacloud.archive.base-url", TestEmulator.baseUrl())
            .overrideConfigKey("quarkus.llamacloud.archive.api-key", LlamaCloudEmulator.DEFAULT_API_KEY)
            .overrideConfigKey("quarkus.llamacloud.archive.project-id", "archive")
            // the first service's key sent to the second service: rejected there
            .overrideConfigKey("quarkus.llamacloud.\"wrong-key\".base-url", TestEmulator.second())
            .overrideConfigKey("quarkus.llamacloud.\"wrong-key\".api-key", LlamaCloudEmulator.DEFAULT_API_KEY);

    @Inject
    ChatSessions chat;

    @Inject
    @LlamaCloudClient("eu")
    ChatSessions eu;

    @Inject
    @LlamaCloudClient("eu")
    BlockingChatSessions euBlocking;

    @Inject
    @LlamaCloudClient("archive")
    ChatSessions archive;

    @Inject
    @LlamaCloudClient("wrong-key")
    ChatSessions wrongKey;

    EmulatorClient first;
    EmulatorClient second;

    @BeforeEach
    void reset() {
        first = EmulatorClient.at(TestEmulator.baseUrl()).reset();
        second = EmulatorClient.at(TestEmulator.second()).reset();
    }

    @Test
    void eachClientTalksToItsOwnServiceWithItsOwnKey() {
        SessionSummary here = chat.create(List.of("demo-index")).await().atMost(WAIT);
        assertThat(first.stats().requests()).isEqualTo(1);
        assertThat(second.stats().requests()).isZero();

        SessionSummary there = eu.create(List.of("demo-index")).await().atMost(WAIT);
        ChatTurn turn = eu.ask(there.sessionId(), PROMPT).await().atMost(WAIT);
        assertThat(turn.answer()).isNotBlank();
        assertThat(euBlocking.get(there.sessionId()).events()).hasSizeGreaterThan(1);
        assertThat(second.requests("POST", "/api/v1/chat/" + there.sessionId() + "/messages/stream")).isEqualTo(1);
        assertThat(second.stats().requests()).isEqualTo(3);
        assertThat(first.stats().requests()).isEqualTo(1);

        // the same service as the default client, another project: neither sees the other's sessions
        SessionSummary archived = archive.create().await().atMost(WAIT);
        assertThat(archive.list().await().atMost(WAIT).items()).extracting(SessionSummary::sessionId)
                .containsExactly(archived.sessionId());
        assertThat(chat.list().await().atMost(WAIT).items()).extracting(SessionSummary::sessionId)
                .containsExactly(here.sessionId());
        assertThat(first.requests("POST", "/api/v1/chat")).isEqualTo(2);
    }

    @Test
    void aClientSendsItsOwnKeyNotAnotherOnes() {
        Throwable failure = catchThrowable(() -> wrongKey.list().await().atMost(WAIT));

        assertThat(failure).isInstanceOf(LlamaCloudUnauthorizedException.class);
        assertThat(second.stats().requests()).isEqualTo(1);
        assertThat(first.stats().requests()).isZero();
    }

    @Test
    void theDefaultClientIsAlsoTheOneNamedDefault() {
        ChatSessions byName = Arc.container().select(ChatSessions.class, LlamaCloudClient.Literal.of(
                LlamaCloudClient.DEFAULT)).get();

        byName.list().await().atMost(WAIT);

        assertThat(first.stats().requests()).isEqualTo(1);
        assertThat(byName.toString()).contains("client=default");
        assertThat(eu.toString()).contains("client=eu");
    }
}
