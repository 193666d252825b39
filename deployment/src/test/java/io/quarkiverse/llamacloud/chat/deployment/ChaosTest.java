package io.quarkiverse.llamacloud.chat.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.llamacloud.chat.ChatEvent;
import io.quarkiverse.llamacloud.chat.ChatSessions;
import io.quarkiverse.llamacloud.chat.FullSession;
import io.quarkiverse.llamacloud.chat.LlamaCloudTurnAcceptedException;
import io.quarkiverse.llamacloud.chat.emulator.Chaos;
import io.quarkiverse.llamacloud.chat.emulator.EmulatorClient;
import io.quarkiverse.llamacloud.chat.emulator.LlamaCloudEmulator;
import io.quarkus.test.QuarkusUnitTest;

/**
 * Five hundred concurrent turns against the emulator with faults at every stage of a turn (connection reset on
 * arrival, error status, reset before the status, late head, close or reset after the status, close or reset or
 * stall mid-stream), half streamed and half asked. Afterwards every session's history is read: no prompt was
 * recorded twice, every stream ended exactly once, and every turn a client got (streamed to its end, or recovered
 * by {@code ask()}) is exactly what the service stored.
 */
public class ChaosTest {

    private static final int TURNS = 500;
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String PROMPT = "What were the main findings in Q3?";

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClass(TestEmulator.class))
            .overrideConfigKey("quarkus.llamacloud.base-url", TestEmulator.baseUrl())
            .overrideConfigKey("quarkus.llamacloud.api-key", LlamaCloudEmulator.DEFAULT_API_KEY)
            .overrideConfigKey("quarkus.llamacloud.max-retries", "2")
            .overrideConfigKey("quarkus.llamacloud.initial-backoff", "50ms")
            .overrideConfigKey("quarkus.llamacloud.max-backoff", "200ms")
            // Long enough for 500 streams on the emulator's one event loop on a loaded 2-core machine.
            .overrideConfigKey("quarkus.llamacloud.stream.first-event-timeout", "8s")
            .overrideConfigKey("quarkus.llamacloud.stream.idle-timeout", "8s")
            .overrideConfigKey("quarkus.llamacloud.stream.recovery-timeout", "60s");

    @Inject
    ChatSessions chat;

    @Test
    void noTurnIsRecordedTwiceAndEveryTurnAClientGotIsTheStoredOne() throws InterruptedException {
        EmulatorClient emulator = EmulatorClient.at(TestEmulator.baseUrl()).reset();
        List<String> sessions = new ArrayList<>();
        for (int i = 0; i < TURNS; i++) {
            sessions.add(chat.create(List.of("demo-index")).await().atMost(WAIT).sessionId());
        }
        emulator.chaos(new Chaos(20261202L, 0.06, 0.08, 0.06, 0.04, Duration.ofSeconds(10), 0.06, 0.06, 0.08, 0.06,
                0.04, Duration.ofSeconds(10)));

        Map<String, List<ChatEvent>> got = new ConcurrentHashMap<>();
        Map<String, Throwable> failed = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> endings = new ConcurrentHashMap<>();
        CountDownLatch done = new CountDownLatch(TURNS);
        for (int i = 0; i < TURNS; i++) {
            String id = sessions.get(i);
            AtomicInteger ended = endings.computeIfAbsent(id, k -> new AtomicInteger());
            Runnable end = () -> {
                ended.incrementAndGet();
                done.countDown();
            };
            if (i % 2 == 0) {
                List<ChatEvent> events = Collections.synchronizedList(new ArrayList<>());
                chat.stream(id, PROMPT).subscribe().with(events::add, failure -> {
                    failed.put(id, failure);
                    end.run();
                }, () -> {
                    got.put(id, events);
                    end.run();
                });
            } else {
                chat.ask(id, PROMPT).subscribe().with(turn -> {
                    got.put(id, turn.events());
                    end.run();
                }, failure -> {
                    failed.put(id, failure);
                    end.run();
                });
            }
        }
        assertThat(done.await(5, TimeUnit.MINUTES)).as("every turn ends").isTrue();
        Map<String, Integer> drawn = emulator.chaosCounts();
        emulator.clearFaults();

        // The service's own view, once every turn has finished there (turns go on after their connection).
        Map<String, List<ChatEvent>> stored = new TreeMap<>();
        Map<String, Integer> recorded = new TreeMap<>();
        for (String id : sessions) {
            FullSession session = settled(id);
            List<ChatEvent> events = session.events();
            int prompts = (int) events.stream().filter(ChatEvent.UserInput.class::isInstance).count();
            recorded.put(id, prompts);
            if (prompts == 1) {
                stored.put(id, events.subList(1, events.size()));
            }
        }

        Map<String, Integer> outcomes = new TreeMap<>();
        got.keySet().forEach(id -> outcomes.merge("got the whole turn", 1, Integer::sum));
        failed.values().forEach(failure -> outcomes.merge("failed: " + failure.getClass().getSimpleName()
                + (failure.getCause() == null ? "" : " (" + failure.getCause().getClass().getSimpleName() + ")"), 1,
                Integer::sum));
        long twice = recorded.values().stream().filter(count -> count > 1).count();
        long never = recorded.values().stream().filter(count -> count == 0).count();
        System.out.printf("chaos: %d turns; faults drawn per attempt %s; outcomes %s; POSTs %d; history reads %d;"
                + " prompts recorded once %d, never %d, twice or more %d%n", TURNS, drawn, outcomes,
                emulator.requests("POST", "/api/v1/chat/ses-"), emulator.requests("GET", "/api/v1/chat/ses-"),
                stored.size(), never, twice);

        assertThat(twice).as("prompts recorded twice").isZero();
        assertThat(endings.values()).allSatisfy(count -> assertThat(count.get()).as("terminal signals").isEqualTo(1));
        assertThat(got.size() + failed.size()).isEqualTo(TURNS);
        assertThat(drawn.values().stream().mapToInt(Integer::intValue).sum()).isGreaterThanOrEqualTo(TURNS);
        // Every turn a client got is the stored one, event for event.
        got.forEach((id, events) -> assertThat(events).as(id).isEqualTo(stored.get(id)));
        // A turn reported as accepted is on the service; others may or may not be, but never twice.
        failed.forEach((id, failure) -> {
            if (failure instanceof LlamaCloudTurnAcceptedException) {
                assertThat(recorded.get(id)).as(id + ": " + failure).isEqualTo(1);
            }
        });
        // Every ask() either got the turn or failed typed; with recovery on, an accepted ask() turn is recovered.
        for (int i = 1; i < TURNS; i += 2) {
            String id = sessions.get(i);
            if (failed.containsKey(id)) {
                assertThat(failed.get(id)).as(id).isNotInstanceOf(LlamaCloudTurnAcceptedException.class);
            }
        }
        assertThat(got.size()).as("most turns reach their client despite the faults").isGreaterThan(TURNS * 3 / 4);
    }

    /** The session once no turn of it is running: its history ends with a stop, or holds no turn. */
    private FullSession settled(String id) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        FullSession session = chat.get(id).await().atMost(WAIT);
        while (!session.events().isEmpty()
                && !(session.events().get(session.events().size() - 1) instanceof ChatEvent.Stop)
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
            session = chat.get(id).await().atMost(WAIT);
        }
        return session;
    }
}
