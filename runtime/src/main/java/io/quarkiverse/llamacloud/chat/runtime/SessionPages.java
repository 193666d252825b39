package io.quarkiverse.llamacloud.chat.runtime;

import java.util.function.Function;

import io.quarkiverse.llamacloud.chat.SessionPage;
import io.quarkiverse.llamacloud.chat.SessionSummary;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Every session of a cursor-paginated listing, fetching a page only when the subscriber has asked for more items than
 * the pages fetched so far hold: Mutiny's repeating builder fetches one page per page asked for, and concatenating the
 * pages' items asks for the next page only once the current one is delivered and demand remains, so
 * {@code listAll().select().first(3)} over pages of three costs exactly one request.
 */
final class SessionPages {

    private SessionPages() {
    }

    /**
     * @param fetchPage fetches the page for a token, {@code null} meaning the first page
     * @return the sessions of every page, in order; each subscription starts from the first page
     */
    static Multi<SessionSummary> sessions(Function<String, Uni<SessionPage>> fetchPage) {
        // A cursor per subscription: the repeating builder's own state would be shared by every subscriber.
        return Multi.createFrom().deferred(() -> {
            Cursor cursor = new Cursor();
            return Multi.createBy().repeating()
                    .uni(() -> fetchPage.apply(cursor.token).invoke(page -> cursor.token = page.nextPageToken()))
                    .whilst(SessionPage::hasNextPage);
        }).onItem().transformToIterable(SessionPage::items);
    }

    /** Where one subscription's listing stands. */
    private static final class Cursor {
        private volatile String token;
    }
}
