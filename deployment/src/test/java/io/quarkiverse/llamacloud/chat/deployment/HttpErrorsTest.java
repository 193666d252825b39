package io.quarkiverse.llamacloud.chat.deployment;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.http.Fault;

import io.quarkiverse.llamacloud.chat.ChatSessions;
import io.quarkiverse.llamacloud.chat.LlamaCloudBadRequestException;
import io.quarkiverse.llamacloud.chat.LlamaCloudConflictException;
import io.quarkiverse.llamacloud.chat.LlamaCloudHttpException;
import io.quarkiverse.llamacloud.chat.LlamaCloudIoException;
import io.quarkiverse.llamacloud.chat.LlamaCloudMalformedResponseException;
import io.quarkiverse.llamacloud.chat.LlamaCloudNotFoundException;
import io.quarkiverse.llamacloud.chat.LlamaCloudPermissionDeniedException;
import io.quarkiverse.llamacloud.chat.LlamaCloudRateLimitException;
import io.quarkiverse.llamacloud.chat.LlamaCloudServerException;
import io.quarkiverse.llamacloud.chat.LlamaCloudTimeoutException;
import io.quarkiverse.llamacloud.chat.LlamaCloudUnauthorizedException;
import io.quarkiverse.llamacloud.chat.LlamaCloudUnexpectedStatusException;
import io.quarkiverse.llamacloud.chat.LlamaCloudUnprocessableEntityException;
import io.quarkus.test.QuarkusUnitTest;

/**
 * Each error status maps to its exception, with status, body, the server's message and the request id; transport
 * failures, timeouts and undecodable bodies map to theirs.
 */
public class HttpErrorsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest()
            .withEmptyApplication()
            .withApplicationRoot(jar -> jar.addClass(StubServer.class))
            .overrideConfigKey("quarkus.llamacloud.base-url", StubServer.baseUrl())
            .overrideConfigKey("quarkus.llamacloud.api-key", "llx-secret-key")
            .overrideConfigKey("quarkus.llamacloud.read-timeout", "700ms")
            // Retries have their own test; here each failure must surface from one request.
            .overrideConfigKey("quarkus.llamacloud.max-retries", "0");

    private static final Map<Integer, Class<? extends LlamaCloudHttpException>> TYPES = Map.ofEntries(
            Map.entry(400, LlamaCloudBadRequestException.class),
            Map.entry(401, LlamaCloudUnauthorizedException.class),
            Map.entry(403, LlamaCloudPermissionDeniedException.class),
            Map.entry(404, LlamaCloudNotFoundException.class),
            Map.entry(409, LlamaCloudConflictException.class),
            Map.entry(422, LlamaCloudUnprocessableEntityException.class),
            Map.entry(429, LlamaCloudRateLimitException.class),
            Map.entry(500, LlamaCloudServerException.class),
            Map.entry(502, LlamaCloudServerException.class),
            Map.entry(503, LlamaCloudServerException.class),
            Map.entry(418, LlamaCloudUnexpectedStatusException.class),
            Map.entry(405, LlamaCloudUnexpectedStatusException.class));

    @Inject
    ChatSessions chat;

    WireMock server;

    @BeforeEach
    void reset() {
        server = StubServer.fresh();
    }

    @ParameterizedTest
    @CsvSource({ "400", "401", "403", "404", "409", "422", "429", "500", "502", "503", "418", "405" })
    void eachStatusMapsToItsExceptionWithBodyDetailAndRequestId(int status) {
        String body = "{\"detail\":\"failure " + status + "\"}";
        server.register(get(anyUrl()).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withHeader("X-Request-Id", "req-" + status)
                .withBody(body)));

        Throwable failure = catchThrowable(() -> chat.summary("ses-1").await().atMost(WAIT));

        assertThat(failure).isExactlyInstanceOf(TYPES.get(status));
        LlamaCloudHttpException http = (LlamaCloudHttpException) failure;
        assertThat(http.status()).isEqualTo(status);
        assertThat(http.body()).isEqualTo(body);
        assertThat(http.detail()).isEqualTo("failure " + status);
        assertThat(http.requestId()).isEqualTo("req-" + status);
        assertThat(http.response().header("content-type")).contains("application/json");
        assertThat(http.getMessage()).contains(String.valueOf(status), "req-" + status, "failure " + status)
                .doesNotContain("llx-secret-key");
        assertThat(server.find(anyRequestedFor(anyUrl()))).hasSize(1);
    }

    @Test
    void validationErrorListsAreJoinedIntoTheDetail() {
        server.register(get(anyUrl()).willReturn(aResponse().withStatus(422)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"detail\":[{\"loc\":[\"body\",\"prompt\"],\"msg\":\"field required\",\"type\":\"missing\"}]}")));

        LlamaCloudUnprocessableEntityException failure = (LlamaCloudUnprocessableEntityException) catchThrowable(
                () -> chat.summary("ses-1").await().atMost(WAIT));

        assertThat(failure.detail()).isEqualTo("[\"body\",\"prompt\"] field required");
        assertThat(failure.requestId()).isNull();
    }

    @Test
    void nonJsonErrorBodiesAreKeptAsText() {
        server.register(get(anyUrl()).willReturn(aResponse().withStatus(502).withBody("<html>Bad gateway</html>")));

        LlamaCloudServerException failure = (LlamaCloudServerException) catchThrowable(
                () -> chat.summary("ses-1").await().atMost(WAIT));

        assertThat(failure.body()).isEqualTo("<html>Bad gateway</html>");
        assertThat(failure.detail()).isNull();
        assertThat(failure.getMessage()).contains("502", "Bad gateway");
    }

    @Test
    void rateLimitCarriesRetryAfterFromMillisecondsOrSeconds() {
        server.register(get(anyUrl()).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "7")));
        LlamaCloudRateLimitException seconds = (LlamaCloudRateLimitException) catchThrowable(
                () -> chat.summary("ses-1").await().atMost(WAIT));
        assertThat(seconds.retryAfter()).contains(Duration.ofSeconds(7));

        server.register(get(anyUrl()).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "7")
                .withHeader("Retry-After-Ms", "1500")));
        LlamaCloudRateLimitException millis = (LlamaCloudRateLimitException) catchThrowable(
                () -> chat.summary("ses-1").await().atMost(WAIT));
        assertThat(millis.retryAfter()).contains(Duration.ofMillis(1500));

        server.register(get(anyUrl()).willReturn(aResponse().withStatus(429)));
        LlamaCloudRateLimitException none = (LlamaCloudRateLimitException) catchThrowable(
                () -> chat.summary("ses-1").await().atMost(WAIT));
        assertThat(none.retryAfter()).isEmpty();
    }

    @Test
    void aResetConnectionIsAnIoFailure() {
        server.register(get(anyUrl()).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        Throwable failure = catchThrowable(() -> chat.summary("ses-1").await().atMost(WAIT));

        assertThat(failure).isInstanceOf(LlamaCloudIoException.class)
                .isNotInstanceOf(LlamaCloudTimeoutException.class);
        assertThat(failure.getMessage()).contains("GET /api/v1/chat/{session_id}/summary");
    }

    @Test
    void aGarbageResponseIsAnIoFailure() {
        server.register(get(anyUrl()).willReturn(aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK)));

        assertThat(catchThrowable(() -> chat.summary("ses-1").await().atMost(WAIT)))
                .isInstanceOf(LlamaCloudIoException.class);
    }

    @Test
    void aSlowAnswerTimesOutAtTheReadTimeout() {
        server.register(get(anyUrl()).willReturn(okJson(StubServer.resource("session-summary.json"))
                .withFixedDelay(3000)));

        long start = System.nanoTime();
        Throwable failure = catchThrowable(() -> chat.summary("ses-1").await().atMost(WAIT));
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;

        assertThat(failure).isInstanceOf(LlamaCloudTimeoutException.class);
        // Not before the limit; the type says the 3 s answer never arrived, however loaded the machine is.
        assertThat(elapsedMs).isGreaterThanOrEqualTo(600L);
    }

    @Test
    void malformedJsonIsReportedAsSuch() {
        server.register(get(anyUrl()).willReturn(okJson("{\"session_id\": \"ses-1\", \"index_ids\": [")));

        Throwable failure = catchThrowable(() -> chat.summary("ses-1").await().atMost(WAIT));

        assertThat(failure).isInstanceOf(LlamaCloudMalformedResponseException.class);
        assertThat(failure.getMessage()).contains("GET /api/v1/chat/{session_id}/summary");
    }

    @Test
    void aWrongJsonShapeIsReportedAsMalformed() {
        server.register(get(anyUrl()).willReturn(okJson("[1, 2, 3]")));

        assertThat(catchThrowable(() -> chat.summary("ses-1").await().atMost(WAIT)))
                .isInstanceOf(LlamaCloudMalformedResponseException.class);
    }
}
