package io.quarkiverse.llamacloud.chat.emulator;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;

/** One emulator per test class, reset before each test. */
@Timeout(30)
abstract class EmulatorTestBase {

    static LlamaCloudEmulator emulator;
    static TestClient client;

    @BeforeAll
    static void startEmulator() {
        emulator = LlamaCloudEmulator.start();
        client = TestClient.of(emulator);
    }

    @AfterAll
    static void stopEmulator() {
        if (emulator != null) {
            emulator.close();
        }
    }

    @BeforeEach
    void resetEmulator() {
        emulator.reset();
    }

    /** Scripts prompt {@code "five"}: four events, then the appended stop. */
    static void scriptFive() {
        emulator.scriptReply("five", java.util.List.of(
                "{\"type\":\"thinking\",\"content\":\"Counting\"}",
                "{\"type\":\"text_delta\",\"content\":\"One, two, \"}",
                "{\"type\":\"text_delta\",\"content\":\"three.\"}",
                "{\"type\":\"text\",\"content\":\"One, two, three.\"}"));
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting for " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    static long millisSince(long nanos) {
        return Duration.ofNanos(System.nanoTime() - nanos).toMillis();
    }
}
