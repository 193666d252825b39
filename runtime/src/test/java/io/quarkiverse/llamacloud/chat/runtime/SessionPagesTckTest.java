package io.quarkiverse.llamacloud.chat.runtime;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.reactivestreams.tck.TestEnvironment;
import org.reactivestreams.tck.flow.FlowPublisherVerification;
import org.testng.annotations.Test;

import io.quarkiverse.llamacloud.chat.SessionPage;
import io.quarkiverse.llamacloud.chat.SessionSummary;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * The Reactive Streams TCK against the {@code listAll} publisher, over pages of seven sessions that arrive on another
 * thread, as the REST client's answers do.
 */
public class SessionPagesTckTest extends FlowPublisherVerification<SessionSummary> {

    private static final int PAGE_SIZE = 7;

    public SessionPagesTckTest() {
        super(new TestEnvironment(2000, 500), 2000);
    }

    /** Rule 3.9 with sessions already buffered: the error comes at once, not after them. */
    @Test
    public void aNonPositiveRequestFailsAtOnceEvenWithSessionsBuffered() throws Exception {
        CompletableFuture<Throwable> failure = new CompletableFuture<>();
        List<SessionSummary> delivered = new CopyOnWriteArrayList<>();
        AtomicReference<Flow.Subscription> subscription = new AtomicReference<>();
        createFlowPublisher(20).subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                subscription.set(s);
                s.request(1);
            }

            @Override
            public void onNext(SessionSummary item) {
                delivered.add(item);
            }

            @Override
            public void onError(Throwable throwable) {
                failure.complete(throwable);
            }

            @Override
            public void onComplete() {
                failure.complete(null);
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (delivered.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(delivered.size(), 1, "one session delivered, six of its page buffered");

        subscription.get().request(-1);

        Throwable error = failure.get(2, TimeUnit.SECONDS);
        assertTrue(error instanceof IllegalArgumentException, String.valueOf(error));
        assertEquals(delivered.size(), 1, "no buffered session was delivered");
    }

    @Override
    public Flow.Publisher<SessionSummary> createFlowPublisher(long elements) {
        return SessionPages.sessions(token -> {
            long from = token == null ? 0 : Long.parseLong(token);
            List<SessionSummary> items = new ArrayList<>();
            for (long i = from; i < Math.min(elements, from + PAGE_SIZE); i++) {
                items.add(new SessionSummary("ses-" + i, Instant.EPOCH, null, List.of(), null, null));
            }
            String next = from + PAGE_SIZE < elements ? String.valueOf(from + PAGE_SIZE) : null;
            return Uni.createFrom().item(new SessionPage(items, next)).emitOn(Infrastructure.getDefaultExecutor());
        });
    }

    /**
     * None: the listing has no failed state of its own; a page that fails is fetched only on demand, and then
     * signalled after the sessions before it ({@code PaginationTest}).
     */
    @Override
    public Flow.Publisher<SessionSummary> createFailedFlowPublisher() {
        return null;
    }

    @Override
    public long maxElementsFromPublisher() {
        return 2048;
    }
}
