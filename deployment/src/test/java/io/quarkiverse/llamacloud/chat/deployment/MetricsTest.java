package io.quarkiverse.llamacloud.chat.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.List;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkiverse.llamacloud.chat.ChatSessions;
import io.quarkiverse.llamacloud.chat.ChatTurn;
import io.quarkiverse.llamacloud.chat.LlamaCloudNotFoundException;
import io.quarkus.maven.dependency.Dependency;
import io.quarkus.test.QuarkusUnitTest;

/**
 * With {@code quarkus-micrometer} in the application, calls, turns, time to first event and token usage are
 * metered, tagged by operation, outcome and project.
 */
public class MetricsTest {

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClass(Registry.class))
            .setForcedDependencies(List.of(Dependency.of("io.quarkus", "quarkus-micrometer-deployment",
                    io.quarkus.builder.Version.getVersion())));

    /** A registry the test can read; Quarkus adds it to Micrometer's global one. */
    @Singleton
    public static class Registry {
        @Produces
        @Singleton
        MeterRegistry registry() {
            return new SimpleMeterRegistry();
        }
    }

    @Inject
    ChatSessions chat;

    @Inject
    MeterRegistry registry;

    @Test
    void callsTurnsAndTokensAreMetered() {
        String id = chat.create(List.of("demo-index")).await().atMost(Duration.ofSeconds(10)).sessionId();
        ChatTurn turn = chat.ask(id, "What were the main findings in Q3?").await().atMost(Duration.ofSeconds(30));
        assertThat(catchThrowable(() -> chat.summary("ses-missing").await().atMost(Duration.ofSeconds(10))))
                .isInstanceOf(LlamaCloudNotFoundException.class);

        assertThat(registry.get("llamacloud.chat.calls").tag("operation", "create").tag("outcome", "success")
                .tag("project", "default").tag("client", "default").timer().count()).isEqualTo(1);
        assertThat(registry.get("llamacloud.chat.calls").tag("operation", "summary").tag("outcome", "failure")
                .tag("exception", "LlamaCloudNotFoundException").timer().count()).isEqualTo(1);
        assertThat(registry.get("llamacloud.chat.turns").tag("outcome", "completed").tag("client", "default").timer()
                .count()).isEqualTo(1);
        assertThat(registry.get("llamacloud.chat.turn.first.event").timer().count()).isEqualTo(1);
        assertThat(registry.get("llamacloud.chat.tokens").tag("direction", "output").tag("project", "default")
                .counter().count()).isEqualTo(turn.usage().totalOutputTokens()).isPositive();
        assertThat(registry.get("llamacloud.chat.tokens").tag("direction", "input").counter().count())
                .isEqualTo(turn.usage().totalInputTokens());
    }
}
