package io.quarkiverse.llamacloud.chat.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.llamacloud.chat.ChatSessions;
import io.quarkiverse.llamacloud.chat.LlamaCloudRequestCustomizer;
import io.quarkiverse.llamacloud.chat.TurnRequest;
import io.quarkus.test.QuarkusUnitTest;

/**
 * A request hook that throws fails the request with what it threw, on both paths, at once: nothing is sent, nothing
 * is retried, and a turn does not hang.
 */
public class FailingHookTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(ScriptedStreamServer.class, SealedVault.class))
            .overrideConfigKey("quarkus.llamacloud.base-url", ScriptedStreamServer.baseUrl())
            .overrideConfigKey("quarkus.llamacloud.api-key", "llx-stream-key")
            .overrideConfigKey("quarkus.llamacloud.max-retries", "2")
            .overrideConfigKey("quarkus.llamacloud.initial-backoff", "10ms");

    /** Its token source is unavailable. */
    @ApplicationScoped
    public static class SealedVault implements LlamaCloudRequestCustomizer {
        @Override
        public void customize(Request request) {
            throw new IllegalStateException("the vault is sealed");
        }
    }

    @Inject
    ChatSessions chat;

    @Test
    void aSessionCallFailsWithTheHooksExceptionAndIsNotRetried() {
        int reads = ScriptedStreamServer.stats().getInteger("reads");

        Throwable failure = catchThrowable(() -> chat.summary("turn").await().atMost(WAIT));

        assertThat(failure).isInstanceOf(IllegalStateException.class).hasMessage("the vault is sealed");
        assertThat(ScriptedStreamServer.stats().getInteger("reads")).isEqualTo(reads);
    }

    @Test
    void aTurnFailsWithTheHooksExceptionAtOnce() {
        int posts = ScriptedStreamServer.stats().getInteger("posts");

        Throwable failure = catchThrowable(() -> chat.stream("turn", TurnRequest.of("Hi").withIndexIds(List.of("i")))
                .collect().asList().await().atMost(WAIT));

        assertThat(failure).isInstanceOf(IllegalStateException.class).hasMessage("the vault is sealed");
        assertThat(ScriptedStreamServer.stats().getInteger("posts")).isEqualTo(posts);
    }
}
