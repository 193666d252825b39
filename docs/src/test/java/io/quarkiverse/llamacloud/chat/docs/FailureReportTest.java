package io.quarkiverse.llamacloud.chat.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.quarkiverse.llamacloud.chat.ChatSessions;
import io.quarkiverse.llamacloud.chat.LlamaCloudServerException;
import io.quarkiverse.llamacloud.chat.emulator.EmulatorClient;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The guide's failure report: a read that failed on every attempt gives a line per attempt, each with its own
 * request id.
 */
@QuarkusTest
class FailureReportTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    ChatSessions chat;

    @ConfigProperty(name = "quarkus.llamacloud.base-url")
    String llamaCloud;

    @Test
    void aReadThatFailedThreeTimesGivesThreeLines() {
        EmulatorClient emulator = EmulatorClient.at(llamaCloud).reset();
        String session = chat.create().await().atMost(WAIT).sessionId();
        emulator.failNext(3, 503);

        LlamaCloudServerException failure = catchThrowableOfType(
                () -> chat.summary(session).await().atMost(WAIT), LlamaCloudServerException.class);

        assertThat(FailureReport.lines(failure)).hasSize(3)
                .allSatisfy(line -> assertThat(line).matches("attempt [123]: HTTP 503, request \\S+"))
                .doesNotHaveDuplicates();
        assertThat(FailureReport.lines(failure).get(0)).startsWith("attempt 1: ");
        assertThat(FailureReport.lines(failure).get(2)).startsWith("attempt 3: ");
    }
}
