package io.quarkiverse.llamacloud.chat.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.llamacloud.chat.ChatEvent;
import io.quarkiverse.llamacloud.chat.ChatSessions;
import io.quarkiverse.llamacloud.chat.LlamaCloudStreamTimeoutException;
import io.quarkiverse.llamacloud.chat.emulator.EmulatorClient;
import io.quarkiverse.llamacloud.chat.emulator.LlamaCloudEmulator;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;

/**
 * With every pooled connection busy, a turn waits for one only as long as its first-event timeout, and a turn that
 * failed or was cancelled while waiting never sends its request once a connection frees up.
 */
public class PoolWaitTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String PROMPT = "What were the main findings in Q3?";

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClass(TestEmulator.class))
            .overrideConfigKey("quarkus.llamacloud.base-url", TestEmulator.baseUrl())
            .overrideConfigKey("quarkus.llamacloud.api-key", LlamaCloudEmulator.DEFAULT_API_KEY)
            .overrideConfigKey("quarkus.llamacloud.stream.max-connections", "1")
            .overrideConfigKey("quarkus.llamacloud.stream.first-event-timeout", "1s")
            .overrideConfigKey("quarkus.llamacloud.stream.idle-timeout", "10s");

    @Inject
    ChatSessions chat;

    EmulatorClient emulator;

    @BeforeEach
    void reset() {
        emulator = EmulatorClient.at(TestEmulator.baseUrl()).reset();
    }

    @Test
    void aTurnThatTimedOutWaitingForAConnectionIsNeverSent() {
        String busy = session();
        String waiting = session();
        String later = session();
        // The first turn holds the only connection for 3 s, past the second one's first-event timeout.
        emulator.stallStreamAfter(1, Duration.ofSeconds(3));
        AssertSubscriber<ChatEvent> holder = chat.stream(busy, PROMPT).subscribe()
                .withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
        holder.awaitItems(1, WAIT);

        long start = System.nanoTime();
        Throwable failure = catchThrowable(() -> chat.stream(waiting, PROMPT).collect().asList().await().atMost(WAIT));
        long waitedMs = Duration.ofNanos(System.nanoTime() - start).toMillis();

        assertThat(failure).isInstanceOf(LlamaCloudStreamTimeoutException.class)
                .hasMessageContaining("max-connections").hasMessageContaining("not sent");
        assertThat(waitedMs).as("the wait is bounded by the first-event timeout, not retried").isBetween(900L, 2500L);

        holder.awaitCompletion(WAIT);
        // The connection is free again: a later turn takes it. Had the failed turn stayed queued, it would have
        // been sent before this one.
        chat.stream(later, PROMPT).collect().asList().await().atMost(WAIT);
        assertThat(posts(busy)).isEqualTo(1);
        assertThat(posts(waiting)).as("the failed turn was never sent").isZero();
        assertThat(posts(later)).isEqualTo(1);
        assertThat(chat.get(waiting).await().atMost(WAIT).events()).isEmpty();
    }

    @Test
    void aTurnCancelledWhileWaitingForAConnectionIsNeverSent() {
        String busy = session();
        String cancelled = session();
        String later = session();
        emulator.stallStreamAfter(1, Duration.ofMillis(1500));
        AssertSubscriber<ChatEvent> holder = chat.stream(busy, PROMPT).subscribe()
                .withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
        holder.awaitItems(1, WAIT);

        AssertSubscriber<ChatEvent> waiting = chat.stream(cancelled, PROMPT).subscribe()
                .withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
        waiting.cancel();

        holder.awaitCompletion(WAIT);
        chat.stream(later, PROMPT).collect().asList().await().atMost(WAIT);
        assertThat(posts(cancelled)).as("the cancelled turn was never sent").isZero();
        assertThat(posts(later)).isEqualTo(1);
        assertThat(waiting.getItems()).isEmpty();
    }

    private String session() {
        return chat.create(List.of("demo-index")).await().atMost(WAIT).sessionId();
    }

    private long posts(String sessionId) {
        return emulator.requests("POST", "/api/v1/chat/" + sessionId + "/messages/stream");
    }
}
