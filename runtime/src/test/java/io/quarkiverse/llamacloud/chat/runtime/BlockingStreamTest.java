package io.quarkiverse.llamacloud.chat.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Multi;

/**
 * The blocking streams of {@code BlockingChatSessions}: what arrived before a failure is handed over before it.
 */
class BlockingStreamTest {

    @Test
    void itemsThatArrivedBeforeAFailureAreReadBeforeItIsThrown() throws InterruptedException {
        IllegalStateException cut = new IllegalStateException("cut off after 3 events");
        CountDownLatch failed = new CountDownLatch(1);
        Multi<String> items = Multi.createFrom().emitter(emitter -> {
            emitter.emit("a").emit("b").emit("c").fail(cut);
            failed.countDown();
        });

        try (Stream<String> stream = DefaultBlockingChatSessions.everyItemThenFailure(items)) {
            Iterator<String> read = stream.iterator();
            // Nothing is read until the failure has reached the stream: the three items wait ahead of it.
            assertThat(failed.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(read.next()).isEqualTo("a");
            assertThat(read.next()).isEqualTo("b");
            assertThat(read.next()).isEqualTo("c");
            assertThatThrownBy(read::hasNext).isSameAs(cut);
        }
    }

    @Test
    void aCheckedFailureIsThrownWrapped() {
        IOException reset = new IOException("Connection reset");
        try (Stream<String> stream = DefaultBlockingChatSessions
                .everyItemThenFailure(Multi.createFrom().failure(reset))) {
            assertThatThrownBy(() -> stream.findFirst()).isInstanceOf(CompletionException.class).hasCause(reset);
        }
    }

    @Test
    void moreItemsThanTheBatchArriveInOrderAndOnDemand() {
        AtomicInteger requested = new AtomicInteger();
        Multi<Integer> items = Multi.createFrom().range(0, 100)
                .onRequest().invoke(n -> requested.addAndGet((int) Math.min(n, Integer.MAX_VALUE)));

        try (Stream<Integer> stream = DefaultBlockingChatSessions.everyItemThenFailure(items)) {
            List<Integer> firstTen = stream.limit(10).toList();
            assertThat(firstTen).containsExactlyElementsOf(IntStream.range(0, 10).boxed().toList());
            // a batch of 16 requested, not the whole source
            assertThat(requested.get()).isEqualTo(16);
        }
        try (Stream<Integer> stream = DefaultBlockingChatSessions.everyItemThenFailure(Multi.createFrom().range(0, 100))) {
            assertThat(stream.toList()).containsExactlyElementsOf(IntStream.range(0, 100).boxed().toList());
        }
    }
}
