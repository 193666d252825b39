package io.quarkiverse.llamacloud.chat.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkiverse.llamacloud.chat.ChatEvent;
import io.quarkiverse.llamacloud.chat.ChatSessions;
import io.quarkiverse.llamacloud.chat.LlamaCloudEventTooLargeException;
import io.quarkiverse.llamacloud.chat.LlamaCloudHttpException;
import io.quarkiverse.llamacloud.chat.LlamaCloudMalformedEventException;
import io.quarkiverse.llamacloud.chat.LlamaCloudServerException;
import io.quarkiverse.llamacloud.chat.LlamaCloudStreamCutOffException;
import io.quarkiverse.llamacloud.chat.LlamaCloudStreamTimeoutException;
import io.quarkiverse.llamacloud.chat.LlamaCloudTurnAcceptedException;
import io.quarkiverse.llamacloud.chat.emulator.EmulatorClient;
import io.quarkiverse.llamacloud.chat.emulator.LlamaCloudEmulator;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;

/**
 * The fault matrix of the reliability contract, one test per row, against the LlamaCloud Chat emulator.
 */
public class FaultMatrixTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClass(TestEmulator.class))
            .overrideConfigKey("quarkus.llamacloud.base-url", TestEmulator.baseUrl())
            .overrideConfigKey("quarkus.llamacloud.api-key", LlamaCloudEmulator.DEFAULT_API_KEY)
            .overrideConfigKey("quarkus.llamacloud.max-retries", "2")
            .overrideConfigKey("quarkus.llamacloud.initial-backoff", "200ms")
            // Long enough for 500 concurrent streams on one emulator event loop, short enough for the stall row.
            .overrideConfigKey("quarkus.llamacloud.stream.idle-timeout", "3s")
            .overrideConfigKey("quarkus.llamacloud.stream.max-event-size", "1048576");

    @Inject
    ChatSessions chat;

    EmulatorClient emulator;

    @BeforeEach
    void reset() {
        emulator = EmulatorClient.at(TestEmulator.baseUrl()).reset();
    }

    @Test
    void rateLimitedWithRetryAfterThenSuccess() {
        String id = session();
        emulator.failNext(1, 429, Map.of("Retry-After", "1"));

        long start = System.nanoTime();
        chat.summary(id).await().atMost(WAIT);
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        System.out.printf("fault matrix: 429 Retry-After 1, then success: %d ms%n", elapsedMs);
        assertThat(elapsedMs).isGreaterThanOrEqualTo(1000);
        assertThat(lastRetryCounts(2)).containsExactly("0", "1");
    }

    @Test
    void threeServerErrorsWithTwoRetries() {
        String id = session();
        emulator.failNext(3, 503);

        long start = System.nanoTime();
        Throwable failure = catchThrowable(() -> chat.summary(id).await().atMost(WAIT));
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(failure).isInstanceOfSatisfying(LlamaCloudServerException.class,
                server -> assertThat(server.attempts()).isEqualTo(3));
        System.out.printf("fault matrix: 503 three times, max-retries 2: %d ms%n", elapsedMs);
        assertThat(lastRetryCounts(3)).containsExactly("0", "1", "2");
        assertThat(elapsedMs).isGreaterThanOrEqualTo(150 + 300); // 200 ms, then 400 ms, less up to 25% jitter
    }

    @ParameterizedTest
    @ValueSource(ints = { 400, 401, 403, 404, 422 })
    void clientErrorsAreNotRetried(int status) {
        String id = session();
        long before = emulator.stats().requests();
        emulator.failNext(1, status);

        Throwable failure = catchThrowable(() -> chat.summary(id).await().atMost(WAIT));

        assertThat(failure).isInstanceOfSatisfying(LlamaCloudHttpException.class,
                http -> assertThat(http.status()).isEqualTo(status));
        assertThat(emulator.stats().requests() - before).isEqualTo(1);
    }

    @Test
    void resetConnectionsAreRetriedForReadsAndDeletes() {
        String id = session();
        long before = emulator.stats().requests();
        emulator.resetConnectionNext(1);
        chat.get(id).await().atMost(WAIT);
        emulator.resetConnectionNext(1);
        chat.delete(id).await().atMost(WAIT);

        assertThat(emulator.stats().requests() - before).isEqualTo(4);
    }

    @Test
    void aStreamCutAfterKEventsDeliversThemAndIsNotResent() {
        String id = session();
        emulator.cutStreamAfter(3);

        AssertSubscriber<ChatEvent> subscriber = chat.stream(id, "What were the main findings in Q3?").subscribe()
                .withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
        subscriber.awaitFailure(WAIT);

        assertThat(subscriber.getItems()).hasSize(3);
        assertThat(subscriber.getFailure()).isInstanceOfSatisfying(LlamaCloudTurnAcceptedException.class, accepted -> {
            assertThat(accepted.eventsDelivered()).isEqualTo(3);
            assertThat(accepted.sessionId()).isEqualTo(id);
            assertThat(accepted).hasCauseInstanceOf(LlamaCloudStreamCutOffException.class);
        });
        assertThat(emulator.stats().streamsStarted()).isEqualTo(1);
        assertThat(lastRetryCounts(1)).containsExactly("0");
    }

    @Test
    void aMalformedEventMidStream() {
        String id = session();
        emulator.malformedEventAfter(2);

        AssertSubscriber<ChatEvent> subscriber = chat.stream(id, "What were the main findings in Q3?").subscribe()
                .withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
        subscriber.awaitFailure(WAIT);

        assertThat(subscriber.getItems()).hasSize(2);
        assertThat(subscriber.getFailure()).isInstanceOf(LlamaCloudTurnAcceptedException.class)
                .hasCauseInstanceOf(LlamaCloudMalformedEventException.class);
    }

    @Test
    void aStallPastTheIdleTimeoutClosesTheConnection() throws InterruptedException {
        String id = session();
        emulator.stallStreamAfter(2, Duration.ofSeconds(10));

        AssertSubscriber<ChatEvent> subscriber = chat.stream(id, "What were the main findings in Q3?").subscribe()
                .withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
        subscriber.awaitFailure(WAIT);

        assertThat(subscriber.getItems()).hasSize(2);
        assertThat(subscriber.getFailure()).isInstanceOf(LlamaCloudTurnAcceptedException.class)
                .hasCauseInstanceOf(LlamaCloudStreamTimeoutException.class);
        assertThat(awaitOpenStreams(0)).isZero();
    }

    @Test
    void aThousandCancelsAfterTheFirstEventLeakNothing() throws InterruptedException {
        String id = session();
        emulator.eventDelay(Duration.ofMillis(20));
        long before = emulator.stats().streamsStarted();
        for (int i = 0; i < 1000; i++) {
            ChatEvent first = chat.stream(id, "What were the main findings in Q3?").select().first().toUni()
                    .await().atMost(WAIT);
            assertThat(first).isNotNull();
        }
        assertThat(emulator.stats().streamsStarted() - before).isEqualTo(1000);
        assertThat(awaitOpenStreams(0)).isZero();
    }

    @Test
    void fiveHundredConcurrentStreamsWithTenPercentFaulted() throws InterruptedException {
        int streams = 500;
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < streams; i++) {
            ids.add(session());
        }
        List<ChatEvent> expected = chat.stream(session(), "What were the main findings in Q3?").collect().asList()
                .await().atMost(WAIT);
        emulator.failNext(streams / 10, 400);

        Map<String, List<ChatEvent>> completed = new ConcurrentHashMap<>();
        Map<String, Throwable> failed = new ConcurrentHashMap<>();
        AtomicInteger terminations = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(streams);
        for (String id : ids) {
            List<ChatEvent> events = java.util.Collections.synchronizedList(new ArrayList<>());
            chat.stream(id, "What were the main findings in Q3?").subscribe().with(events::add,
                    failure -> {
                        failed.put(id, failure);
                        terminations.incrementAndGet();
                        done.countDown();
                    },
                    () -> {
                        completed.put(id, events);
                        terminations.incrementAndGet();
                        done.countDown();
                    });
        }

        assertThat(done.await(120, TimeUnit.SECONDS)).as("every stream ends").isTrue();
        Thread.sleep(200);
        assertThat(terminations.get()).isEqualTo(streams);
        assertThat(failed).as("failed streams").hasSize(streams / 10);
        assertThat(failed.values()).allSatisfy(failure -> assertThat(failure).isInstanceOf(LlamaCloudHttpException.class));
        assertThat(completed).hasSize(streams - streams / 10);
        // Ids and timings differ per turn; the sequence of events and the text must not: nothing lost or doubled.
        List<String> expectedTypes = expected.stream().map(ChatEvent::type).toList();
        assertThat(completed.values()).allSatisfy(events -> {
            assertThat(events.stream().map(ChatEvent::type).toList()).isEqualTo(expectedTypes);
            assertThat(deltas(events)).isEqualTo(deltas(expected)).isEqualTo(finalText(events));
        });
    }

    @Test
    void anEventLargerThanTheLimitFailsTyped() {
        String id = session();
        emulator.scriptReply("big", "{\"type\":\"text\",\"content\":\"" + "x".repeat(19 * 1024 * 1024) + "\"}");

        Throwable failure = catchThrowable(() -> chat.stream(id, "big").collect().asList().await().atMost(WAIT));

        // The service answered 200 and recorded the turn before the oversized event: it has the turn.
        assertThat(failure).isInstanceOf(LlamaCloudTurnAcceptedException.class)
                .cause().isInstanceOfSatisfying(LlamaCloudEventTooLargeException.class,
                        tooLarge -> assertThat(tooLarge.limit()).isEqualTo(1024 * 1024));
    }

    private static String deltas(List<ChatEvent> events) {
        StringBuilder text = new StringBuilder();
        events.stream().filter(ChatEvent.TextDelta.class::isInstance)
                .forEach(event -> text.append(((ChatEvent.TextDelta) event).content()));
        return text.toString();
    }

    private static String finalText(List<ChatEvent> events) {
        return events.stream().filter(ChatEvent.Text.class::isInstance).map(event -> ((ChatEvent.Text) event).content())
                .reduce("", String::concat);
    }

    private List<String> lastRetryCounts(int n) {
        List<String> all = emulator.stats().retryCountHeaders();
        return all.subList(Math.max(0, all.size() - n), all.size());
    }

    private String session() {
        return chat.create(List.of("demo-index")).await().atMost(WAIT).sessionId();
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
