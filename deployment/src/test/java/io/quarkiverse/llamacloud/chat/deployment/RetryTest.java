package io.quarkiverse.llamacloud.chat.deployment;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import io.quarkiverse.llamacloud.chat.ChatEvent;
import io.quarkiverse.llamacloud.chat.ChatSessions;
import io.quarkiverse.llamacloud.chat.LlamaCloudEarlierAttemptException;
import io.quarkiverse.llamacloud.chat.LlamaCloudHttpException;
import io.quarkiverse.llamacloud.chat.LlamaCloudIoException;
import io.quarkiverse.llamacloud.chat.LlamaCloudRateLimitException;
import io.quarkiverse.llamacloud.chat.LlamaCloudServerException;
import io.quarkiverse.llamacloud.chat.LlamaCloudTurnAcceptedException;
import io.quarkiverse.llamacloud.chat.TurnRequest;
import io.quarkus.test.QuarkusUnitTest;

/**
 * Retries of the session calls and of a stream's opening: what is retried, how long the client waits, what the
 * final failure says.
 */
public class RetryTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String SUMMARY = StubServer.resource("session-summary.json");

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest()
            .withEmptyApplication()
            .withApplicationRoot(jar -> jar.addClass(StubServer.class))
            .overrideConfigKey("quarkus.llamacloud.base-url", StubServer.baseUrl())
            .overrideConfigKey("quarkus.llamacloud.api-key", "llx-test-key")
            .overrideConfigKey("quarkus.llamacloud.initial-backoff", "200ms")
            .overrideConfigKey("quarkus.llamacloud.max-backoff", "400ms");

    @Inject
    ChatSessions chat;

    WireMock server;

    int scenarios;

    @BeforeEach
    void reset() {
        server = StubServer.fresh();
    }

    @Test
    void rateLimitedThenSuccessWaitsTheRetryAfterAndRetriesOnce() {
        sequence(() -> get(anyUrl()), aResponse().withStatus(429).withHeader("Retry-After", "1"), okJson(SUMMARY));

        long start = System.nanoTime();
        chat.summary("ses-abc123").await().atMost(WAIT);
        long elapsed = Duration.ofNanos(System.nanoTime() - start).toMillis();

        assertThat(elapsed).isGreaterThanOrEqualTo(1000);
        assertThat(retryCounts()).containsExactly("0", "1");
    }

    @Test
    void threeServerErrorsWithTwoRetriesFailAfterThreeAttemptsWithBackoff() {
        server.register(get(anyUrl()).willReturn(aResponse().withStatus(503).withBody("{\"detail\":\"overloaded\"}")));

        long start = System.nanoTime();
        Throwable failure = catchThrowable(() -> chat.summary("ses-abc123").await().atMost(WAIT));
        long elapsed = Duration.ofNanos(System.nanoTime() - start).toMillis();

        assertThat(failure).isInstanceOfSatisfying(LlamaCloudServerException.class, server -> {
            assertThat(server.attempts()).isEqualTo(3);
            assertThat(server.getSuppressed()).hasSize(2).allSatisfy(earlier -> assertThat(earlier)
                    .isInstanceOf(LlamaCloudEarlierAttemptException.class)
                    .cause().isInstanceOfSatisfying(LlamaCloudServerException.class,
                            attempt -> assertThat(attempt.status()).isEqualTo(503)));
            assertThat(server.getSuppressed()).extracting(earlier -> ((LlamaCloudEarlierAttemptException) earlier)
                    .attempt()).containsExactly(1, 2);
            assertThat(server.getMessage()).contains("overloaded", "after 3 attempts", "HTTP 503; HTTP 503");
        });
        assertThat(retryCounts()).containsExactly("0", "1", "2");
        // 200 ms then 400 ms, each with up to 25% jitter off
        assertThat(elapsed).isGreaterThanOrEqualTo(150 + 300);
    }

    @ParameterizedTest
    @ValueSource(ints = { 400, 401, 403, 404, 422 })
    void clientErrorsAreNeverRetried(int status) {
        server.register(get(anyUrl()).willReturn(aResponse().withStatus(status)));

        Throwable failure = catchThrowable(() -> chat.summary("ses-abc123").await().atMost(WAIT));

        assertThat(failure).isInstanceOfSatisfying(LlamaCloudHttpException.class, http -> {
            assertThat(http.status()).isEqualTo(status);
            assertThat(http.attempts()).isEqualTo(1);
        });
        assertThat(server.find(anyRequestedFor(anyUrl()))).hasSize(1);
    }

    @Test
    void theServerCanSayDoNotRetryOrDoRetry() {
        server.register(get(anyUrl()).willReturn(aResponse().withStatus(503).withHeader("X-Should-Retry", "false")));
        assertThat(catchThrowable(() -> chat.summary("s").await().atMost(WAIT)))
                .isInstanceOf(LlamaCloudServerException.class);
        assertThat(server.find(anyRequestedFor(anyUrl()))).hasSize(1);

        server = StubServer.fresh();
        sequence(() -> get(anyUrl()), aResponse().withStatus(400).withHeader("X-Should-Retry", "true"), okJson(SUMMARY));
        chat.summary("s").await().atMost(WAIT);
        assertThat(server.find(anyRequestedFor(anyUrl()))).hasSize(2);
    }

    @Test
    void aRetryAfterBeyondTheCapFailsAtOnceWithTheDelay() {
        server.register(get(anyUrl()).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "120")));

        long start = System.nanoTime();
        Throwable failure = catchThrowable(() -> chat.summary("s").await().atMost(WAIT));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(failure).isInstanceOfSatisfying(LlamaCloudRateLimitException.class,
                limited -> assertThat(limited.retryAfter()).contains(Duration.ofSeconds(120)));
        assertThat(server.find(anyRequestedFor(anyUrl()))).hasSize(1);
    }

    @Test
    void resetConnectionsAreRetriedForReadsAndDeletes() {
        sequence(() -> get(anyUrl()), aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER), okJson(SUMMARY));
        chat.summary("s").await().atMost(WAIT);

        sequence(() -> delete(anyUrl()), aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER), aResponse().withStatus(204));
        chat.delete("s").await().atMost(WAIT);

        assertThat(server.find(anyRequestedFor(anyUrl()))).hasSize(4);
    }

    @Test
    void createAndTitleAreNotRetriedWhenTheServerMayHaveActed() {
        server.register(post(anyUrl()).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        assertThat(catchThrowable(() -> chat.create().await().atMost(WAIT))).isInstanceOf(LlamaCloudIoException.class);
        server.register(post(anyUrl()).willReturn(aResponse().withStatus(500)));
        assertThat(catchThrowable(() -> chat.generateTitle("s", "hi").await().atMost(WAIT)))
                .isInstanceOf(LlamaCloudServerException.class);

        assertThat(server.find(anyRequestedFor(anyUrl()))).hasSize(2);
    }

    @Test
    void createIsRetriedWhenRateLimited() {
        sequence(() -> post(anyUrl()), aResponse().withStatus(429).withHeader("Retry-After-Ms", "100"), okJson(SUMMARY));

        assertThat(chat.create(List.of("idx-1")).await().atMost(WAIT).sessionId()).isEqualTo("ses-abc123");
        assertThat(retryCounts()).containsExactly("0", "1");
    }

    @Test
    void aStreamIsRetriedUntilItsFirstEvent() {
        sequence(() -> post(anyUrl()), aResponse().withStatus(503),
                aResponse().withHeader("Content-Type", "text/event-stream")
                        .withBody("event: message\ndata: {\"type\":\"text\",\"content\":\"hi\"}\n\n"
                                + "event: message\ndata: {\"type\":\"stop\",\"is_error\":false}\n\n"));

        List<ChatEvent> events = chat.stream("s", TurnRequest.of("q").withIndexIds(List.of("idx-1"))).collect().asList().await()
                .atMost(WAIT);

        assertThat(events).hasSize(2);
        // between the two, the session's history was read (no such session here): a 503 may come from a gateway
        assertThat(server.find(postRequestedFor(anyUrl())).stream()
                .map(request -> request.getHeader("X-Stainless-Retry-Count")).toList()).containsExactly("0", "1");
    }

    @Test
    void aStreamCutAfterItsFirstEventIsNeverResent() {
        server.register(post(anyUrl()).willReturn(aResponse().withHeader("Content-Type", "text/event-stream")
                .withBody("event: message\ndata: {\"type\":\"text\",\"content\":\"hi\"}\n\n")));

        Throwable failure = catchThrowable(() -> chat.stream("s", TurnRequest.of("q").withIndexIds(List.of("idx-1"))).collect()
                .asList().await().atMost(WAIT));

        assertThat(failure).isInstanceOf(LlamaCloudTurnAcceptedException.class).hasMessageContaining("cut off");
        assertThat(server.find(anyRequestedFor(anyUrl()))).hasSize(1);
    }

    @Test
    void aStreamFailingBeforeItsFirstEventReportsEveryAttempt() {
        server.register(post(anyUrl()).willReturn(aResponse().withStatus(502)));

        Throwable failure = catchThrowable(() -> chat.stream("s", TurnRequest.of("q").withIndexIds(List.of("idx-1"))).collect()
                .asList().await().atMost(WAIT));

        assertThat(failure).isInstanceOfSatisfying(LlamaCloudServerException.class,
                bad -> assertThat(bad.attempts()).isEqualTo(3));
        assertThat(server.find(postRequestedFor(anyUrl()))).hasSize(3);
    }

    /** The first request gets {@code first}, every later one {@code then}. */
    private void sequence(Supplier<MappingBuilder> request, ResponseDefinitionBuilder first,
            ResponseDefinitionBuilder then) {
        String scenario = "retry-" + scenarios++;
        server.register(request.get().inScenario(scenario).whenScenarioStateIs(STARTED).willReturn(first)
                .willSetStateTo("recovered"));
        server.register(request.get().inScenario(scenario).whenScenarioStateIs("recovered").willReturn(then));
    }

    private List<String> retryCounts() {
        return server.find(anyRequestedFor(anyUrl())).stream()
                .map(LoggedRequest::getHeaders)
                .map(headers -> headers.getHeader("X-Stainless-Retry-Count").firstValue())
                .toList();
    }
}
