package io.quarkiverse.llamacloud.chat.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import java.io.IOException;
import java.net.URL;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkiverse.llamacloud.chat.emulator.EmulatorClient;
import io.quarkus.test.common.DevServicesContext;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * What an application sees when LlamaCloud misbehaves, against the emulator that Dev Services start, with its faults
 * injected through {@link EmulatorClient}: rate limits with {@code Retry-After}, a stream cut off mid-turn, a broken
 * event, a turn the service reports as failed, an unknown session on the stream path.
 * {@link UpstreamFailuresIT} runs the same tests against the packaged application.
 */
@QuarkusTest
public class UpstreamFailuresTest {

    private static final String QUESTION = "What were the main findings in Q3?";

    /** Filled by Quarkus in both kinds of test; the emulator's URL is among its properties. */
    DevServicesContext devServices;

    @TestHTTPResource("/")
    URL app;

    EmulatorClient emulator;

    @BeforeEach
    void resetTheEmulator() {
        emulator = DevServicesEmulator.reset(devServices);
    }

    @Test
    void aRateLimitAskingForALongWaitFailsAtOnceAndPassesTheWaitOn() {
        String id = create();
        emulator.failNext(1, 429, Map.of("Retry-After", "120"));

        given().get("/sessions/" + id + "/summary")
                .then().statusCode(503)
                .header("Retry-After", "120")
                .body("type", equalTo("LlamaCloudRateLimitException"))
                .body("upstreamStatus", equalTo(429))
                .body("retryAfterSeconds", equalTo(120))
                .body("attempts", equalTo(1))
                .body("requestId", startsWith("req-"));

        // Not retried: the server asked for longer than quarkus.llamacloud.max-retry-after (60 s).
        assertThat(emulator.stats().requests()).isEqualTo(2);
    }

    @Test
    void aRateLimitAskingForAShortWaitIsWaitedOutAndRetried() {
        String id = create();
        emulator.failNext(1, 429, Map.of("Retry-After", "1"));

        long start = System.nanoTime();
        given().get("/sessions/" + id + "/summary")
                .then().statusCode(200)
                .body("session_id", equalTo(id));
        long waitedMs = (System.nanoTime() - start) / 1_000_000;

        assertThat(waitedMs).as("the Retry-After of 1 s was honoured").isGreaterThanOrEqualTo(950);
        // create, the rate-limited attempt, then the retry, numbered as LlamaCloud's SDKs number them
        assertThat(emulator.stats().retryCountHeaders()).containsExactly("0", "0", "1");
    }

    @Test
    void aRateLimitThatOutlastsTheRetriesArrivesTypedWithEveryAttemptCounted() {
        String id = create();
        emulator.failNext(3, 429, Map.of("Retry-After-Ms", "50"));

        given().get("/sessions/" + id + "/summary")
                .then().statusCode(503)
                .header("Retry-After", "1")
                .body("type", equalTo("LlamaCloudRateLimitException"))
                .body("upstreamStatus", equalTo(429))
                .body("attempts", equalTo(3))
                .body("detail", equalTo("Too Many Requests (emulated fault)"));
    }

    @Test
    void aStreamCutOffMidTurnFailsTypedAfterTheEventsThatArrivedAndIsNotResent() {
        String id = create();
        emulator.cutStreamAfter(3);

        given().contentType(ContentType.TEXT).body(QUESTION)
                .post("/sessions/" + id + "/outcome")
                .then().statusCode(200)
                // the service has the turn: it is not sent again, and says so
                .body("failure", equalTo("LlamaCloudTurnAcceptedException"))
                .body("cause", equalTo("LlamaCloudStreamCutOffException"))
                .body("eventsDelivered", equalTo(3))
                .body("eventTypes", hasSize(3))
                .body("eventTypes[0]", equalTo("thinking_delta"));

        assertThat(emulator.stats().streamsStarted()).as("a turn is never re-sent").isEqualTo(1);
    }

    @Test
    void aStreamCutOffMidTurnEndsTheRelayedStreamAfterTheEventsThatArrived() throws IOException {
        String id = create();
        emulator.cutStreamAfter(3);

        // Read off the wire: an HTTP client library would report the missing last chunk and drop what it buffered.
        RelayedStream relayed = RelayedStream.post(app, "/sessions/" + id + "/events", QUESTION);

        assertThat(relayed.status()).isEqualTo(200);
        assertThat(relayed.complete()).as("the relayed stream ends without its last chunk, as the upstream one did")
                .isFalse();
        List<String> data = relayed.dataLines();
        assertThat(data).hasSize(3).noneMatch(line -> line.contains("\"type\":\"stop\""));
        assertThat(data.get(0)).contains("\"type\":\"thinking_delta\"");
    }

    @Test
    void anEventThatIsNotJsonFailsTheStreamTypedAfterTheEventsBeforeIt() {
        String id = create();
        emulator.malformedEventAfter(2);

        given().contentType(ContentType.TEXT).body(QUESTION)
                .post("/sessions/" + id + "/outcome")
                .then().statusCode(200)
                .body("failure", equalTo("LlamaCloudTurnAcceptedException"))
                .body("cause", equalTo("LlamaCloudMalformedEventException"))
                .body("eventTypes", hasSize(2));
    }

    @Test
    void aCompleteTurnEndsWithStopAndNoFailure() {
        given().contentType(ContentType.TEXT).body(QUESTION)
                .post("/sessions/" + create() + "/outcome")
                .then().statusCode(200)
                .body("failure", nullValue())
                .body("eventTypes", not(hasSize(0)))
                .body("eventTypes[-1]", equalTo("stop"));
    }

    @Test
    void aTurnTheServiceReportsAsFailedIsATypedFailureOfAsk() {
        String id = create();
        emulator.failTurn("Model overloaded");

        given().contentType(ContentType.TEXT).body(QUESTION)
                .post("/sessions/" + id + "/ask")
                .then().statusCode(502)
                .body("type", equalTo("LlamaCloudTurnFailedException"))
                .body("detail", org.hamcrest.Matchers.containsString("Model overloaded"));
    }

    @Test
    void anUnknownSessionOnTheStreamPathIsA404() {
        given().contentType(ContentType.TEXT).body(QUESTION)
                .post("/sessions/ses-doesnotexist000000000/ask")
                .then().statusCode(404)
                .body("type", equalTo("LlamaCloudNotFoundException"))
                .body("detail", equalTo("Session not found"))
                .body("requestId", startsWith("req-"));
    }

    private static String create() {
        return given().contentType(ContentType.JSON).body("[\"demo-index\"]")
                .post("/sessions").then().statusCode(200).extract().path("session_id");
    }
}
