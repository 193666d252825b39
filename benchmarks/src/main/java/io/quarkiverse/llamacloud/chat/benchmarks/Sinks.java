package io.quarkiverse.llamacloud.chat.benchmarks;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.quarkiverse.llamacloud.chat.ChatEvent;

/** The sinks the benchmarks consume streams with. */
final class Sinks {

    private Sinks() {
    }

    /** Waits for the end of a stream and keeps its failure. */
    abstract static class Awaitable implements BenchClient.Sink {
        private final CountDownLatch done = new CountDownLatch(1);
        volatile Throwable failure;

        @Override
        public void onError(Throwable failure) {
            this.failure = failure;
            done.countDown();
        }

        @Override
        public void onEnd() {
            done.countDown();
        }

        /** @throws IllegalStateException if the stream failed or did not end in time */
        void await(long timeoutSeconds, String what) {
            try {
                if (!done.await(timeoutSeconds, TimeUnit.SECONDS)) {
                    throw new IllegalStateException(what + ": no end within " + timeoutSeconds + " s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            if (failure != null) {
                throw new IllegalStateException(what + " failed: " + failure, failure);
            }
        }
    }

    /** Counts events and their text, and notes when {@code stop} arrived. */
    static final class Counting extends Awaitable {
        long events;
        long textChars;
        volatile long stopNanos;

        @Override
        public void onEvent(ChatEvent event) {
            events++;
            if (event instanceof ChatEvent.TextDelta delta) {
                textChars += delta.content().length();
            } else if (event instanceof ChatEvent.Stop) {
                stopNanos = System.nanoTime();
            }
        }
    }

    /** Notes when the first event arrived. */
    static final class FirstEvent extends Awaitable {
        volatile long firstNanos;
        private boolean seen;
        long events;

        @Override
        public void onEvent(ChatEvent event) {
            if (!seen) {
                firstNanos = System.nanoTime();
                seen = true;
            }
            events++;
        }
    }

    /** For idle streams: only counts failures (any event is unexpected but harmless). */
    static final class Idle implements BenchClient.Sink {
        private final AtomicInteger failures;
        private final AtomicInteger ended;
        volatile Throwable failure;

        Idle(AtomicInteger failures, AtomicInteger ended) {
            this.failures = failures;
            this.ended = ended;
        }

        @Override
        public void onEvent(ChatEvent event) {
        }

        @Override
        public void onError(Throwable failure) {
            this.failure = failure;
            failures.incrementAndGet();
        }

        @Override
        public void onEnd() {
            ended.incrementAndGet();
        }
    }
}
