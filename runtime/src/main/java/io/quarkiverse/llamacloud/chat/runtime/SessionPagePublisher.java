package io.quarkiverse.llamacloud.chat.runtime;

import java.util.ArrayDeque;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import io.quarkiverse.llamacloud.chat.SessionPage;
import io.quarkiverse.llamacloud.chat.SessionSummary;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;

/**
 * Emits every session of a cursor-paginated listing, fetching a page only when the subscriber has asked for more
 * items than the pages fetched so far hold.
 * <p>
 * Mutiny's flattening operators would ask for the next page as soon as the current one is exhausted, even with no
 * outstanding demand; this publisher does not, so {@code listAll().select().first(3)} costs exactly one request.
 */
public final class SessionPagePublisher implements Flow.Publisher<SessionSummary> {

    private final Function<String, Uni<SessionPage>> fetchPage;

    /**
     * @param fetchPage fetches the page for a token, {@code null} meaning the first page
     */
    public SessionPagePublisher(Function<String, Uni<SessionPage>> fetchPage) {
        this.fetchPage = fetchPage;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super SessionSummary> subscriber) {
        PageSubscription subscription = new PageSubscription(subscriber, fetchPage);
        subscriber.onSubscribe(subscription);
    }

    private static final class PageSubscription implements Flow.Subscription {

        private final Flow.Subscriber<? super SessionSummary> downstream;
        private final Function<String, Uni<SessionPage>> fetchPage;
        private final AtomicLong requested = new AtomicLong();
        private final AtomicInteger wip = new AtomicInteger();

        // Only touched inside drain(), which the wip counter serializes.
        private final ArrayDeque<SessionSummary> buffer = new ArrayDeque<>();
        private String nextToken;
        private boolean lastPageSeen;
        private boolean fetching;
        private boolean done;

        private volatile boolean cancelled;
        private volatile SessionPage arrived;
        private volatile Throwable failure;
        /** A broken subscription rule: signalled at once, ahead of any session still buffered (rule 3.9). */
        private volatile Throwable misuse;
        private volatile Cancellable inFlight;

        PageSubscription(Flow.Subscriber<? super SessionSummary> downstream,
                Function<String, Uni<SessionPage>> fetchPage) {
            this.downstream = downstream;
            this.fetchPage = fetchPage;
        }

        @Override
        public void request(long n) {
            if (n <= 0) {
                misuse = new IllegalArgumentException("Reactive Streams rule 3.9: request must be positive, got " + n);
                cancel();
            } else {
                requested.getAndUpdate(current -> current + n < 0 ? Long.MAX_VALUE : current + n);
            }
            drain();
        }

        @Override
        public void cancel() {
            cancelled = true;
            Cancellable fetch = inFlight;
            if (fetch != null) {
                fetch.cancel();
            }
        }

        private void drain() {
            if (wip.getAndIncrement() != 0) {
                return;
            }
            int missed = 1;
            do {
                Throwable broken = misuse;
                if (broken != null && !done) {
                    done = true;
                    buffer.clear();
                    downstream.onError(broken);
                    return;
                }
                if (cancelled || done) {
                    return;
                }
                SessionPage page = arrived;
                if (page != null) {
                    arrived = null;
                    fetching = false;
                    buffer.addAll(page.items());
                    nextToken = page.nextPageToken();
                    lastPageSeen = !page.hasNextPage();
                }
                while (requested.get() > 0 && !buffer.isEmpty() && !cancelled) {
                    downstream.onNext(buffer.poll());
                    requested.decrementAndGet();
                }
                Throwable error = failure;
                if (error != null && buffer.isEmpty()) {
                    done = true;
                    downstream.onError(error);
                    return;
                }
                if (buffer.isEmpty() && lastPageSeen) {
                    done = true;
                    downstream.onComplete();
                    return;
                }
                if (buffer.isEmpty() && requested.get() > 0 && !fetching && !cancelled) {
                    fetching = true;
                    inFlight = fetchPage.apply(nextToken).subscribe().with(
                            result -> {
                                arrived = result;
                                drain();
                            },
                            error2 -> {
                                failure = error2;
                                drain();
                            });
                }
                missed = wip.addAndGet(-missed);
            } while (missed != 0);
        }
    }
}
