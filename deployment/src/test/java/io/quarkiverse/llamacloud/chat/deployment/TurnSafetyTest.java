package io.quarkiverse.llamacloud.chat.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.llamacloud.chat.BlockingChatSessions;
import io.quarkiverse.llamacloud.chat.ChatEvent;
import io.quarkiverse.llamacloud.chat.ChatSessions;
import io.quarkiverse.llamacloud.chat.ChatTurn;
import io.quarkiverse.llamacloud.chat.FullSession;
import io.quarkiverse.llamacloud.chat.LlamaCloudIoException;
import io.quarkiverse.llamacloud.chat.LlamaCloudServerException;
import io.quarkiverse.llamacloud.chat.LlamaCloudStreamCutOffException;
import io.quarkiverse.llamacloud.chat.LlamaCloudStreamTimeoutException;
import io.quarkiverse.llamacloud.chat.LlamaCloudTimeoutException;
import io.quarkiverse.llamacloud.chat.LlamaCloudTurnAcceptedException;
import io.quarkiverse.llamacloud.chat.TurnRequest;
import io.quarkiverse.llamacloud.chat.emulator.EmulatorClient;
import io.quarkiverse.llamacloud.chat.emulator.LlamaCloudEmulator;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;

/**
 * The turn-sending rule, row by row, against the emulator: for each fault, how many times the turn was POSTed and
 * what the session's history holds afterwards. A turn the service took is never sent again; one it provably did not
 * take is; and {@code ask()} assembles a taken turn from the history once it has finished there.
 */
public class TurnSafetyTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String PROMPT = "What were the main findings in Q3?";

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClass(TestEmulator.class))
            .overrideConfigKey("quarkus.llamacloud.base-url", TestEmulator.baseUrl())
            .overrideConfigKey("quarkus.llamacloud.api-key", LlamaCloudEmulator.DEFAULT_API_KEY)
            .overrideConfigKey("quarkus.llamacloud.max-retries", "2")
            .overrideConfigKey("quarkus.llamacloud.initial-backoff", "100ms")
            .overrideConfigKey("quarkus.llamacloud.stream.first-event-timeout", "1s")
            .overrideConfigKey("quarkus.llamacloud.stream.idle-timeout", "2s")
            .overrideConfigKey("quarkus.llamacloud.stream.recovery-timeout", "5s");

    @Inject
    ChatSessions chat;

    @Inject
    BlockingChatSessions blocking;

    EmulatorClient emulator;

    @BeforeEach
    void reset() {
        emulator = EmulatorClient.at(TestEmulator.baseUrl()).reset();
    }

    @Test
    void twoHundredThenCloseBeforeAnyEventIsAcceptedNotResent() {
        String id = session();
        emulator.cutStreamAfter(0);

        Throwable failure = catchThrowable(() -> chat.stream(id, PROMPT).collect().asList().await().atMost(WAIT));

        assertThat(failure).isInstanceOfSatisfying(LlamaCloudTurnAcceptedException.class, accepted -> {
            assertThat(accepted.sessionId()).isEqualTo(id);
            assertThat(accepted.eventsDelivered()).isZero();
            assertThat(accepted.attempts()).isEqualTo(1);
            assertThat(accepted).hasCauseInstanceOf(LlamaCloudStreamCutOffException.class);
        });
        assertThat(posts(id)).isEqualTo(1);
        assertThat(prompts(finished(id))).containsExactly(PROMPT);
    }

    @Test
    void twoHundredThenResetBeforeAnyEventIsAcceptedNotResent() {
        String id = session();
        emulator.resetStreamAfter(0);

        Throwable failure = catchThrowable(() -> chat.stream(id, PROMPT).collect().asList().await().atMost(WAIT));

        assertThat(failure).isInstanceOf(LlamaCloudTurnAcceptedException.class)
                .hasCauseInstanceOf(LlamaCloudStreamCutOffException.class);
        assertThat(posts(id)).isEqualTo(1);
        assertThat(prompts(finished(id))).containsExactly(PROMPT);
    }

    @Test
    void askAfterTwoHundredThenResetAssemblesTheTurnFromTheHistory() {
        String id = session();
        emulator.resetStreamAfter(0);

        ChatTurn turn = chat.ask(id, PROMPT).await().atMost(WAIT);

        assertThat(posts(id)).isEqualTo(1);
        FullSession stored = finished(id);
        assertThat(prompts(stored)).containsExactly(PROMPT);
        assertThat(turn.events()).isEqualTo(stored.events().subList(1, stored.events().size()));
        assertThat(turn.answer()).isNotBlank();
        assertThat(turn.toolExchanges()).isNotEmpty();
        assertThat(turn.usage().totalOutputTokens()).isPositive();
    }

    @Test
    void headersLaterThanTheFirstEventTimeoutAreAcceptedNotResent() {
        String id = session();
        emulator.latency(Duration.ofMillis(2500));

        Throwable failure = catchThrowable(() -> chat.stream(id, PROMPT).collect().asList().await().atMost(WAIT));

        assertThat(failure).isInstanceOf(LlamaCloudTurnAcceptedException.class)
                .hasCauseInstanceOf(LlamaCloudStreamTimeoutException.class);
        assertThat(failure.getCause()).hasMessageContaining("first-event-timeout");
        assertThat(posts(id)).isEqualTo(1);
        emulator.latency(Duration.ZERO);
        assertThat(prompts(finished(id))).containsExactly(PROMPT);
    }

    @Test
    void askAfterLateHeadersWaitsForTheTurnInTheHistory() {
        String id = session();
        emulator.latency(Duration.ofMillis(2500));

        ChatTurn turn = chat.ask(id, PROMPT).await().atMost(WAIT);

        assertThat(posts(id)).isEqualTo(1);
        assertThat(turn.answer()).isNotBlank();
        assertThat(prompts(finished(id))).containsExactly(PROMPT);
    }

    @Test
    void aCutAfterKEventsIsAcceptedAndAskAssemblesTheFinishedTurn() {
        String id = session();
        List<ChatEvent> reference = chat.stream(session(), PROMPT).collect().asList().await().atMost(WAIT);
        emulator.cutStreamAfter(3);

        AssertSubscriber<ChatEvent> subscriber = chat.stream(id, PROMPT).subscribe()
                .withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
        subscriber.awaitFailure(WAIT);
        assertThat(subscriber.getItems()).hasSize(3);
        assertThat(subscriber.getFailure()).isInstanceOfSatisfying(LlamaCloudTurnAcceptedException.class,
                accepted -> assertThat(accepted.eventsDelivered()).isEqualTo(3));

        String second = session();
        emulator.cutStreamAfter(3);
        ChatTurn turn = chat.ask(second, PROMPT).await().atMost(WAIT);

        assertThat(posts(id)).isEqualTo(1);
        assertThat(posts(second)).isEqualTo(1);
        assertThat(prompts(finished(second))).containsExactly(PROMPT);
        // the recovered turn is the whole turn: same kinds of events as one that streamed to its end
        assertThat(turn.events().stream().map(ChatEvent::type).toList())
                .isEqualTo(reference.stream().map(ChatEvent::type).toList());
        assertThat(turn.answer()).isEqualTo(ChatTurn.of(reference).answer());
    }

    @Test
    void aTurnAbandonedByTheServiceFailsAskAfterTheRecoveryTimeout() {
        String id = session();
        emulator.abandonTurnOnDisconnect(true).cutStreamAfter(2);

        long start = System.nanoTime();
        Throwable failure = catchThrowable(() -> chat.ask(id, PROMPT).await().atMost(WAIT));
        long elapsed = Duration.ofNanos(System.nanoTime() - start).toMillis();

        assertThat(failure).isInstanceOf(LlamaCloudTurnAcceptedException.class);
        assertThat(failure.getSuppressed()).anySatisfy(suppressed -> assertThat(suppressed)
                .isInstanceOf(LlamaCloudTimeoutException.class).hasMessageContaining("recovery-timeout"));
        assertThat(elapsed).as("waited the recovery timeout, 5 s").isBetween(4_900L, 20_000L);
        assertThat(posts(id)).isEqualTo(1);
        assertThat(prompts(chat.get(id).await().atMost(WAIT))).containsExactly(PROMPT);
    }

    @Test
    void aResetBeforeTheStatusThatTheServiceDidNotRecordIsSentAgain() {
        String id = session();
        // the connection is closed once the request is read, before the service handles it
        emulator.resetConnectionNext(1);

        List<ChatEvent> events = chat.stream(id, PROMPT).collect().asList().await().atMost(WAIT);

        assertThat(events.get(events.size() - 1)).isInstanceOf(ChatEvent.Stop.class);
        assertThat(posts(id)).isEqualTo(2);
        assertThat(emulator.requests("GET", "/api/v1/chat/" + id)).as("the history was read once").isEqualTo(1);
        assertThat(prompts(finished(id))).containsExactly(PROMPT);
    }

    @Test
    void aResetBeforeTheStatusWithAnUnreadableHistoryIsNotResentAndTheFailedReadIsNoAttempt() {
        String id = session();
        // the turn's connection is closed once its request is read; then each read of the history answers 503
        emulator.resetConnectionNext(1).failNext(3, 503, Map.of("Retry-After-Ms", "10"));

        Throwable failure = catchThrowable(() -> chat.stream(id, PROMPT).collect().asList().await().atMost(WAIT));

        assertThat(failure).isInstanceOfSatisfying(LlamaCloudIoException.class, unknown -> {
            assertThat(unknown.attempts()).as("the turn was sent once").isEqualTo(1);
            assertThat(unknown.getMessage()).doesNotContain("attempts");
            assertThat(unknown.getSuppressed()).singleElement()
                    .isInstanceOfSatisfying(LlamaCloudServerException.class, read -> {
                        assertThat(read.status()).isEqualTo(503);
                        assertThat(read.attempts()).as("the history read's own retries").isEqualTo(3);
                    });
        });
        assertThat(posts(id)).as("the service could not say whether it took the turn").isEqualTo(1);
        assertThat(emulator.requests("GET", "/api/v1/chat/" + id)).isEqualTo(3);
    }

    @Test
    void anErrorStatusIsRetriedOnceTheHistoryShowsTheTurnNotRecorded() {
        String id = session();
        emulator.failNext(1, 503, Map.of("Retry-After-Ms", "50"));

        chat.ask(id, PROMPT).await().atMost(WAIT);

        assertThat(posts(id)).isEqualTo(2);
        assertThat(emulator.requests("GET", "/api/v1/chat/" + id)).as("a 503 may come from a gateway").isEqualTo(1);
        assertThat(prompts(finished(id))).containsExactly(PROMPT);
    }

    @Test
    void aRateLimitIsRetriedWithoutAskingTheService() {
        String id = session();
        emulator.failNext(1, 429, Map.of("Retry-After-Ms", "50"));

        chat.ask(id, PROMPT).await().atMost(WAIT);

        assertThat(posts(id)).isEqualTo(2);
        assertThat(emulator.requests("GET", "/api/v1/chat/" + id)).as("a 429 turned it away").isZero();
    }

    @Test
    void aGatewayErrorAfterTheServiceTookTheTurnIsNotResent() {
        String id = session();
        emulator.errorAfterRecording(502);

        Throwable failure = catchThrowable(() -> chat.stream(id, PROMPT).collect().asList().await().atMost(WAIT));

        assertThat(failure).isInstanceOf(LlamaCloudTurnAcceptedException.class)
                .hasCauseInstanceOf(LlamaCloudServerException.class);
        assertThat(posts(id)).isEqualTo(1);
        assertThat(prompts(finished(id))).containsExactly(PROMPT);

        String second = session();
        emulator.errorAfterRecording(504);
        ChatTurn turn = chat.ask(second, PROMPT).await().atMost(WAIT);
        assertThat(turn.answer()).as("recovered from the history").isNotBlank();
        assertThat(posts(second)).isEqualTo(1);
    }

    @Test
    void aRecoveredTurnIsCountedOnceSoTheNextAmbiguousTurnIsFoundAndNotResent() {
        String id = session();
        // Heads later than the first-event timeout: each turn is found recorded by reading the history, which also
        // counts it; it must not be counted a second time.
        emulator.latency(Duration.ofMillis(2500));
        catchThrowable(() -> chat.stream(id, PROMPT).collect().asList().await().atMost(WAIT));
        Throwable failure = catchThrowable(() -> chat.stream(id, "And in Q4?").collect().asList()
                .await().atMost(WAIT));

        assertThat(failure).isInstanceOf(LlamaCloudTurnAcceptedException.class);
        emulator.latency(Duration.ZERO);
        assertThat(posts(id)).as("the second turn was found in the history, not sent again").isEqualTo(2);
        assertThat(prompts(finished(id))).containsExactly(PROMPT, "And in Q4?");
    }

    @Test
    void theSamePromptTwiceInARowIsToldApart() {
        String id = session();
        chat.ask(id, PROMPT).await().atMost(WAIT);
        // the second turn is reset before the service handles it: the history's last prompt is the same text
        emulator.resetConnectionNext(1);

        chat.ask(id, PROMPT).await().atMost(WAIT);

        assertThat(posts(id)).isEqualTo(3);
        assertThat(prompts(finished(id))).containsExactly(PROMPT, PROMPT);
    }

    @Test
    void aTurnWithoutIndexIdsSendsTheSessionsOwnWithoutAnExtraRequest() {
        String id = session();
        long before = emulator.stats().requests();

        chat.ask(id, PROMPT).await().atMost(WAIT);

        assertThat(emulator.stats().requests() - before).as("only the turn").isEqualTo(1);
        assertThat(chat.get(id).await().atMost(WAIT).indexIds()).containsExactly("demo-index");
    }

    @Test
    void aSessionThisClientHasNotSeenCostsOneSummaryRequestBeforeItsFirstTurnOnly() throws Exception {
        String id = createElsewhere("[\"demo-index\"]");

        chat.ask(id, PROMPT).await().atMost(WAIT);
        chat.ask(id, "And in Q4?").await().atMost(WAIT);

        assertThat(emulator.requests("GET", "/api/v1/chat/" + id + "/summary")).isEqualTo(1);
        assertThat(posts(id)).isEqualTo(2);
        // the turns retrieved from the session's own index, which the summary named
        assertThat(chat.get(id).await().atMost(WAIT).indexIds()).containsExactly("demo-index");
    }

    @Test
    void aTurnNamingIndexesBindsAnUnboundSessionAndLaterTurnsSendThem() {
        String id = chat.create().await().atMost(WAIT).sessionId();

        chat.ask(id, TurnRequest.of(PROMPT).withIndexIds(List.of("demo-index"))).await().atMost(WAIT);
        // no ids named: the session is now locked to demo-index, and the client sends that, not []
        ChatTurn second = chat.ask(id, "And in Q4?").await().atMost(WAIT);

        assertThat(second.toolExchanges()).isNotEmpty();
        assertThat(posts(id)).isEqualTo(2);
        assertThat(emulator.requests("GET", "/api/v1/chat/" + id + "/summary")).isZero();
    }

    @Test
    void anUnboundSessionSendsAnEmptyList() {
        String id = chat.create().await().atMost(WAIT).sessionId();

        ChatTurn turn = chat.ask(id, PROMPT).await().atMost(WAIT);

        assertThat(turn.toolExchanges()).as("no index to search").isEmpty();
        assertThat(chat.summary(id).await().atMost(WAIT).indexIds()).isEmpty();
    }

    @Test
    void theBlockingFormsOfStreamAndStreamTextGiveTheSameTurn() {
        emulator.scriptReply("Hi", "{\"type\":\"text_delta\",\"content\":\"Hel\"}",
                "{\"type\":\"text_delta\",\"content\":\"lo!\"}", "{\"type\":\"text\",\"content\":\"Hello!\"}");
        String id = session();

        List<ChatEvent> events;
        try (java.util.stream.Stream<ChatEvent> stream = blocking.stream(id, "Hi")) {
            events = stream.toList();
        }
        String text;
        try (java.util.stream.Stream<String> pieces = blocking.streamText(id, "Hi")) {
            text = String.join("", pieces.toList());
        }

        assertThat(events.get(events.size() - 1)).isInstanceOf(ChatEvent.Stop.class);
        assertThat(text).isEqualTo("Hello!").isEqualTo(ChatTurn.of(events).answer());
        assertThat(posts(id)).isEqualTo(2);
    }

    /** A session made by another client, which this one has never seen. */
    private static String createElsewhere(String indexIdsJson) throws Exception {
        HttpResponse<String> created = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(HttpRequest
                .newBuilder(URI.create(TestEmulator.baseUrl() + "/api/v1/chat"))
                .header("Authorization", "Bearer " + LlamaCloudEmulator.DEFAULT_API_KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"index_ids\":" + indexIdsJson + "}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).isEqualTo(200);
        return new io.vertx.core.json.JsonObject(created.body()).getString("session_id");
    }

    private String session() {
        return chat.create(List.of("demo-index")).await().atMost(WAIT).sessionId();
    }

    private long posts(String sessionId) {
        return emulator.requests("POST", "/api/v1/chat/" + sessionId + "/messages/stream");
    }

    /** The session once its last turn has finished in the history (turns go on after their connection). */
    private FullSession finished(String sessionId) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        FullSession session;
        do {
            session = chat.get(sessionId).await().atMost(WAIT);
            List<ChatEvent> events = session.events();
            if (!events.isEmpty() && events.get(events.size() - 1) instanceof ChatEvent.Stop) {
                return session;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        } while (System.nanoTime() < deadline);
        throw new AssertionError("The turn never finished in the history: " + session.events());
    }

    private static List<String> prompts(FullSession session) {
        return session.events().stream().filter(ChatEvent.UserInput.class::isInstance)
                .map(event -> ((ChatEvent.UserInput) event).content()).toList();
    }
}
