package io.quarkiverse.llamacloud.chat.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.llamacloud.chat.ChatSessions;
import io.quarkiverse.llamacloud.chat.LlamaCloudIoException;
import io.quarkus.test.QuarkusUnitTest;

/**
 * Nothing listens at the base URL: every call is retried (the request was never sent, so even {@code create} is
 * safe to repeat) and fails with {@link LlamaCloudIoException} after all attempts.
 */
public class ConnectionRefusedTest {

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest()
            .withEmptyApplication()
            .overrideConfigKey("quarkus.llamacloud.base-url", "http://127.0.0.1:" + closedPort())
            .overrideConfigKey("quarkus.llamacloud.api-key", "llx-test-key")
            .overrideConfigKey("quarkus.llamacloud.initial-backoff", "50ms");

    @Inject
    ChatSessions chat;

    @Test
    void readsDeletesAndCreatesAreRetriedThenFailTyped() {
        for (Runnable call : new Runnable[] {
                () -> chat.get("ses-1").await().atMost(Duration.ofSeconds(10)),
                () -> chat.delete("ses-1").await().atMost(Duration.ofSeconds(10)),
                () -> chat.create().await().atMost(Duration.ofSeconds(10)),
                () -> chat.stream("ses-1", "q").collect().asList().await().atMost(Duration.ofSeconds(10)) }) {
            Throwable failure = catchThrowable(call::run);

            assertThat(failure).isInstanceOfSatisfying(LlamaCloudIoException.class, io -> {
                assertThat(io.attempts()).isEqualTo(3);
                assertThat(io).hasRootCauseInstanceOf(ConnectException.class);
            });
        }
    }

    /** A port that was free a moment ago: nothing listens there. */
    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
