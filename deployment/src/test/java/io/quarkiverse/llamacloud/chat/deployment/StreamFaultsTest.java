package io.quarkiverse.llamacloud.chat.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.quarkiverse.llamacloud.chat.BlockingChatSessions;
import io.quarkiverse.llamacloud.chat.ChatEvent;
import io.quarkiverse.llamacloud.chat.ChatSessions;
import io.quarkiverse.llamacloud.chat.LlamaCloudHttpException;
import io.quarkiverse.llamacloud.chat.LlamaCloudMalformedEventException;
import io.quarkiverse.llamacloud.chat.LlamaCloudNotFoundException;
import io.quarkiverse.llamacloud.chat.LlamaCloudRateLimitException;
import io.quarkiverse.llamacloud.chat.LlamaCloudServerException;
import io.quarkiverse.llamacloud.chat.LlamaCloudStreamCutOffException;
import io.quarkiverse.llamacloud.chat.LlamaCloudStreamTimeoutException;
import io.quarkiverse.llamacloud.chat.LlamaCloudTurnAcceptedException;
import io.quarkiverse.llamacloud.chat.LlamaCloudTurnFailedException;
import io.quarkiverse.llamacloud.chat.LlamaCloudUnprocessableEntityException;
import io.quarkiverse.llamacloud.chat.TurnRequest;
import io.quarkiverse.llamacloud.chat.emulator.EmulatorClient;
import io.quarkiverse.llamacloud.chat.emulator.LlamaCloudEmulator;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;

/**
 * The stream contract's faults, played by the emulator: a stream cut or reset before its stop, a malformed event,
 * a failed turn, error statuses before the stream, silence before and between events, a slow but steady stream,
 * keep-alives, and cancelling. Byte-level framings are {@link TurnStreamTest}'s, against a stub.
 */
public class StreamFaultsTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String PROMPT = "What were the main findings in Q3?";

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClass(TestEmulator.class))
            .overrideConfigKey("quarkus.llamacloud.base-url", TestEmulator.baseUrl())
            .overrideConfigKey("quarkus.llamacloud.api-key", LlamaCloudEmulator.DEFAULT_API_KEY)
            // Retries have their own test; here each failure must surface from one request.
            .overrideConfigKey("quarkus.llamacloud.max-retries", "0")
            .overrideConfigKey("quarkus.llamacloud.stream.first-event-timeout", "2s")
            .overrideConfigKey("quarkus.llamacloud.stream.idle-timeout", "1s");

    @Inject
    ChatSessions chat;

    @Inject
    BlockingChatSessions blocking;

    EmulatorClient emulator;

    String session;

    @BeforeEach
    void reset() {
        emulator = EmulatorClient.at(TestEmulator.baseUrl()).reset();
        session = chat.create(List.of("demo-index")).await().atMost(WAIT).sessionId();
    }

    @ParameterizedTest
    @CsvSource({ "cut, 3", "reset, 3", "cut, 0" })
    void aStreamEndingBeforeStopFailsAfterDeliveringWhatArrived(String fault, int delivered) {
        if (fault.equals("cut")) {
            emulator.cutStreamAfter(delivered);
        } else {
            emulator.resetStreamAfter(delivered);
        }
        AssertSubscriber<ChatEvent> subscriber = chat.stream(session, PROMPT).subscribe()
                .withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));

        subscriber.awaitFailure(WAIT);

        assertThat(subscriber.getItems()).hasSize(delivered);
        // A 200 head came: the service has the turn, whatever number of events arrived.
        assertThat(subscriber.getFailure()).isInstanceOfSatisfying(LlamaCloudTurnAcceptedException.class,
                accepted -> assertThat(accepted.eventsDelivered()).isEqualTo(delivered));
        Throwable cut = subscriber.getFailure().getCause();
        assertThat(cut).isInstanceOf(LlamaCloudStreamCutOffException.class)
                .hasMessageContaining("cut off").hasMessageNotContaining(LlamaCloudEmulator.DEFAULT_API_KEY);
        assertThat(((LlamaCloudStreamCutOffException) cut).eventsDelivered()).isEqualTo(delivered);
        // one request, never re-sent (max-retries is 0 here, and the service may have the turn)
        assertThat(emulator.stats().streamsStarted()).isEqualTo(1);
    }

    @Test
    void aMalformedEventFailsAfterTheEventsBeforeItAndQuotesIt() {
        emulator.malformedEventAfter(2);
        AssertSubscriber<ChatEvent> subscriber = chat.stream(session, PROMPT).subscribe()
                .withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));

        subscriber.awaitFailure(WAIT);

        assertThat(subscriber.getItems()).hasSize(2);
        assertThat(subscriber.getFailure()).isInstanceOf(LlamaCloudTurnAcceptedException.class)
                .cause().isInstanceOf(LlamaCloudMalformedEventException.class).hasMessageContaining("{not json");
    }

    @Test
    void aFailedTurnIsAStopEventOnTheStreamAndAFailureOfTheConveniences() {
        emulator.scriptReply("failing", "{\"type\":\"text_delta\",\"content\":\"Revenue gr\u00e9w \"}",
                "{\"type\":\"stop\",\"is_error\":true,\"error\":\"index idx-9 is unavailable\"}");

        List<ChatEvent> events = chat.stream(session, "failing").collect().asList().await().atMost(WAIT);
        ChatEvent.Stop stop = (ChatEvent.Stop) events.get(events.size() - 1);
        assertThat(stop.isError()).isTrue();
        assertThat(stop.error()).isEqualTo("index idx-9 is unavailable");

        assertThatThrownBy(() -> chat.ask(session, "failing").await().atMost(WAIT))
                .isInstanceOfSatisfying(LlamaCloudTurnFailedException.class, failed -> {
                    assertThat(failed.error()).isEqualTo("index idx-9 is unavailable");
                    assertThat(failed.turn().answer()).isEqualTo("Revenue gr\u00e9w ");
                    assertThat(failed.turn().isError()).isTrue();
                });

        AssertSubscriber<String> text = chat.streamText(session, "failing").subscribe()
                .withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
        text.awaitFailure(WAIT);
        assertThat(text.getItems()).containsExactly("Revenue gr\u00e9w ");
        assertThat(text.getFailure()).isInstanceOf(LlamaCloudTurnFailedException.class)
                .hasMessageContaining("index idx-9 is unavailable");
    }

    @ParameterizedTest
    @CsvSource({ "404, " + "io.quarkiverse.llamacloud.chat.LlamaCloudNotFoundException",
            "422, io.quarkiverse.llamacloud.chat.LlamaCloudUnprocessableEntityException",
            "429, io.quarkiverse.llamacloud.chat.LlamaCloudRateLimitException",
            "503, io.quarkiverse.llamacloud.chat.LlamaCloudServerException" })
    void errorStatusesBeforeTheStreamAreTheTypedExceptions(int status, String type) {
        assertThat(List.of(LlamaCloudNotFoundException.class, LlamaCloudUnprocessableEntityException.class,
                LlamaCloudRateLimitException.class, LlamaCloudServerException.class)).extracting(Class::getName)
                .contains(type);
        emulator.failNext(1, status, Map.of("x-request-id", "req-" + status));

        assertThatThrownBy(() -> chat.stream(session, PROMPT).collect().asList().await().atMost(WAIT))
                .isInstanceOfSatisfying(LlamaCloudHttpException.class, failure -> {
                    assertThat(failure.getClass().getName()).isEqualTo(type);
                    assertThat(failure.status()).isEqualTo(status);
                    assertThat(failure.requestId()).isEqualTo("req-" + status);
                    assertThat(failure.detail()).contains("(emulated fault)");
                    assertThat(failure.body()).contains("(emulated fault)");
                });
        assertThat(emulator.stats().streamsStarted()).isZero();
    }

    @Test
    void silenceAfterSomeEventsIsAnIdleTimeoutAndClosesTheConnection() throws InterruptedException {
        emulator.stallStreamAfter(2, Duration.ofSeconds(10));
        AssertSubscriber<ChatEvent> subscriber = chat.stream(session, PROMPT).subscribe()
                .withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));

        subscriber.awaitFailure(WAIT);

        assertThat(subscriber.getItems()).hasSize(2);
        assertThat(subscriber.getFailure()).isInstanceOf(LlamaCloudTurnAcceptedException.class);
        assertThat(subscriber.getFailure().getCause()).isInstanceOfSatisfying(LlamaCloudStreamTimeoutException.class,
                timeout -> {
                    assertThat(timeout.timeout()).isEqualTo(Duration.ofSeconds(1));
                    assertThat(timeout.eventsDelivered()).isEqualTo(2);
                    assertThat(timeout).hasMessageContaining("idle-timeout");
                });
        assertThat(awaitOpenStreams(0)).isZero();
    }

    @Test
    void noFirstEventIsAFirstEventTimeout() {
        emulator.stallStreamAfter(0, Duration.ofSeconds(10));

        assertThatThrownBy(() -> chat.stream(session, PROMPT).collect().asList().await().atMost(WAIT))
                .isInstanceOf(LlamaCloudTurnAcceptedException.class).cause()
                .isInstanceOfSatisfying(LlamaCloudStreamTimeoutException.class, timeout -> {
                    assertThat(timeout.timeout()).isEqualTo(Duration.ofSeconds(2));
                    assertThat(timeout).hasMessageContaining("first-event-timeout");
                });
    }

    @Test
    void aLongSteadyStreamIsNeverCutOff() {
        // 40 events 100 ms apart: four times the idle timeout, twice the first-event timeout.
        List<String> deltas = new ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            deltas.add("{\"type\":\"text_delta\",\"content\":\"" + i + " \"}");
        }
        emulator.scriptReply("steady", deltas.toArray(String[]::new)).eventDelay(Duration.ofMillis(100));

        List<ChatEvent> events = chat.stream(session, "steady").collect().asList().await().atMost(WAIT);

        assertThat(events).hasSize(41);
        assertThat(events.get(events.size() - 1)).isInstanceOf(ChatEvent.Stop.class);
    }

    @Test
    void keepAliveCommentsCountAsActivity() {
        // one event, then three idle timeouts of keep-alives only, then the stop
        emulator.scriptReply("gap", "{\"type\":\"thinking_delta\",\"content\":\"Looking\"}")
                .eventDelay(Duration.ofSeconds(3)).keepAliveEvery(Duration.ofMillis(150));

        List<ChatEvent> events = chat.stream(session, "gap").collect().asList().await().atMost(WAIT);

        assertThat(events).hasSize(2);
        assertThat(events.get(1)).isInstanceOf(ChatEvent.Stop.class);
    }

    @Test
    void cancellingClosesTheConnectionAtOnceAndRepeatedCyclesLeakNothing() throws InterruptedException {
        endlessStreams();
        for (int i = 0; i < 50; i++) {
            ChatEvent first = chat.stream(session, PROMPT).select().first().toUni().await().atMost(WAIT);
            assertThat(first).isNotNull();
        }
        assertThat(awaitOpenStreams(0)).isZero();

        AssertSubscriber<ChatEvent> subscriber = chat.stream(session, PROMPT).subscribe()
                .withSubscriber(AssertSubscriber.create(1));
        subscriber.awaitItems(1, WAIT);
        assertThat(emulator.stats().openStreams()).isEqualTo(1);
        long cancelledAt = System.nanoTime();
        subscriber.cancel();
        assertThat(awaitOpenStreams(0)).isZero();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - cancelledAt)).isLessThan(2500);
        assertThat(emulator.stats().streamsStarted()).isEqualTo(51);
    }

    @Test
    void aBlockingStreamCutShortHandsOverWhatArrivedBeforeItsFailure() throws InterruptedException {
        emulator.cutStreamAfter(3);
        List<ChatEvent> read = new ArrayList<>();
        try (Stream<ChatEvent> stream = blocking.stream(session, TurnRequest.of(PROMPT))) {
            Iterator<ChatEvent> events = stream.iterator();
            // Read nothing until the emulator has cut the stream, and give the client a moment to read the close:
            // the three events then wait ahead of the failure, which must not overtake them.
            long deadline = System.currentTimeMillis() + WAIT.toMillis();
            while (emulator.stats().streamsStarted() == 0 && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            assertThat(awaitOpenStreams(0)).isZero();
            Thread.sleep(200);

            assertThatThrownBy(() -> events.forEachRemaining(read::add))
                    .isInstanceOfSatisfying(LlamaCloudTurnAcceptedException.class,
                            accepted -> assertThat(accepted.eventsDelivered()).isEqualTo(3))
                    .hasCauseInstanceOf(LlamaCloudStreamCutOffException.class);
        }
        assertThat(read).hasSize(3).first().isInstanceOf(ChatEvent.ThinkingDelta.class);
        assertThat(emulator.stats().streamsStarted()).isEqualTo(1);
    }

    @Test
    void closingABlockingStreamEarlyClosesTheConnection() throws InterruptedException {
        endlessStreams();
        try (Stream<ChatEvent> stream = blocking.stream(session, TurnRequest.of(PROMPT))) {
            assertThat(stream.findFirst()).isPresent();
            assertThat(emulator.stats().openStreams()).isEqualTo(1);
        }
        assertThat(awaitOpenStreams(0)).isZero();
    }

    /** The first event at once, the next ones half a minute apart: a stream that outlives any test. */
    private void endlessStreams() {
        emulator.eventDelay(Duration.ofSeconds(30)).abandonTurnOnDisconnect(true);
    }

    private int awaitOpenStreams(int expected) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5000;
        int open;
        do {
            open = emulator.stats().openStreams();
            if (open <= expected) {
                return open;
            }
            Thread.sleep(20);
        } while (System.currentTimeMillis() < deadline);
        return open;
    }
}
