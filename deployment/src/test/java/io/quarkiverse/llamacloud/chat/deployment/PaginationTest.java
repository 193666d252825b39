package io.quarkiverse.llamacloud.chat.deployment;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.github.tomakehurst.wiremock.client.WireMock;

import io.quarkiverse.llamacloud.chat.BlockingChatSessions;
import io.quarkiverse.llamacloud.chat.ChatSessions;
import io.quarkiverse.llamacloud.chat.LlamaCloudServerException;
import io.quarkiverse.llamacloud.chat.SessionSummary;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;

/**
 * {@code listAll} over three pages: every session exactly once, and a page is fetched only on demand.
 */
public class PaginationTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest()
            .withEmptyApplication()
            .withApplicationRoot(jar -> jar.addClass(StubServer.class))
            .overrideConfigKey("quarkus.llamacloud.base-url", StubServer.baseUrl())
            .overrideConfigKey("quarkus.llamacloud.api-key", "llx-test-key")
            // Retries have their own test; here each failure must surface from one request.
            .overrideConfigKey("quarkus.llamacloud.max-retries", "0");

    @Inject
    ChatSessions chat;

    @Inject
    BlockingChatSessions blocking;

    WireMock server;

    @BeforeEach
    void threePages() {
        server = StubServer.fresh();
        server.register(get(urlPathEqualTo("/api/v1/chat")).withQueryParam("page_token", absent())
                .willReturn(okJson(page("t2", "s1", "s2"))));
        server.register(get(urlPathEqualTo("/api/v1/chat")).withQueryParam("page_token", equalTo("t2"))
                .willReturn(okJson(page("t3", "s3", "s4"))));
        server.register(get(urlPathEqualTo("/api/v1/chat")).withQueryParam("page_token", equalTo("t3"))
                .willReturn(okJson(page(null, "s5"))));
    }

    @Test
    void listAllYieldsEverySessionOnce() {
        List<String> ids = chat.listAll(2).map(SessionSummary::sessionId).collect().asList().await().atMost(WAIT);

        assertThat(ids).containsExactly("s1", "s2", "s3", "s4", "s5");
        assertThat(requests()).hasSize(3);
        server.verifyThat(3, getRequestedFor(urlPathEqualTo("/api/v1/chat")).withQueryParam("page_size", equalTo("2")));
    }

    @Test
    void pageTwoIsFetchedOnlyWhenDemandExceedsPageOne() throws InterruptedException {
        AssertSubscriber<String> subscriber = chat.listAll(2).map(SessionSummary::sessionId)
                .subscribe().withSubscriber(AssertSubscriber.create(0));
        Thread.sleep(200);
        assertThat(requests()).isEmpty();

        subscriber.request(1).awaitItems(1, WAIT);
        assertThat(requests()).containsExactly("first");

        subscriber.request(1).awaitItems(2, WAIT);
        Thread.sleep(300);
        assertThat(requests()).containsExactly("first");

        subscriber.request(1).awaitItems(3, WAIT);
        assertThat(requests()).containsExactly("first", "t2");

        subscriber.request(Long.MAX_VALUE).awaitCompletion(WAIT);
        assertThat(subscriber.getItems()).containsExactly("s1", "s2", "s3", "s4", "s5");
        assertThat(requests()).containsExactly("first", "t2", "t3");
    }

    @Test
    void eachSubscriptionOfOneListingStartsFromTheFirstPage() {
        Multi<String> listing = chat.listAll(2).map(SessionSummary::sessionId);

        assertThat(listing.select().first(2).collect().asList().await().atMost(WAIT)).containsExactly("s1", "s2");
        assertThat(listing.collect().asList().await().atMost(WAIT)).containsExactly("s1", "s2", "s3", "s4", "s5");
        assertThat(requests()).containsExactly("first", "first", "t2", "t3");
    }

    @Test
    void takingTheFirstSessionsCostsOneRequest() {
        List<String> ids = chat.listAll(2).select().first(2).map(SessionSummary::sessionId).collect().asList()
                .await().atMost(WAIT);

        assertThat(ids).containsExactly("s1", "s2");
        assertThat(requests()).containsExactly("first");
    }

    @Test
    void aFailingPageDeliversEarlierSessionsThenTheTypedError() {
        server.register(get(urlPathEqualTo("/api/v1/chat")).withQueryParam("page_token", equalTo("t2"))
                .willReturn(aResponse().withStatus(503).withBody("{\"detail\":\"overloaded\"}")));

        AssertSubscriber<String> subscriber = chat.listAll(2).map(SessionSummary::sessionId)
                .subscribe().withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));

        subscriber.awaitFailure(WAIT);
        assertThat(subscriber.getItems()).containsExactly("s1", "s2");
        assertThat(subscriber.getFailure()).isInstanceOf(LlamaCloudServerException.class)
                .hasMessageContaining("overloaded");
    }

    @Test
    void blockingListAllIsLazyToo() {
        try (Stream<SessionSummary> sessions = blocking.listAll(2)) {
            assertThat(sessions.limit(1).map(SessionSummary::sessionId)).containsExactly("s1");
        }
        assertThat(requests()).containsExactly("first");

        try (Stream<SessionSummary> sessions = blocking.listAll(2)) {
            assertThat(sessions.map(SessionSummary::sessionId)).containsExactly("s1", "s2", "s3", "s4", "s5");
        }
    }

    @Test
    void blockingListAllFetchesAPageOnlyForASessionBeyondTheFetchedOnes() {
        // the first 2 sessions of a 2-item page: one request, not two
        try (Stream<SessionSummary> sessions = blocking.listAll(2)) {
            assertThat(sessions.limit(2).map(SessionSummary::sessionId)).containsExactly("s1", "s2");
        }
        assertThat(requests()).containsExactly("first");

        try (Stream<SessionSummary> sessions = blocking.listAll(2)) {
            Iterator<SessionSummary> iterator = sessions.iterator();
            assertThat(requests()).as("nothing before the first session is asked for").hasSize(1);
            assertThat(iterator.next().sessionId()).isEqualTo("s1");
            assertThat(iterator.next().sessionId()).isEqualTo("s2");
            assertThat(requests()).containsExactly("first", "first");
            assertThat(iterator.next().sessionId()).isEqualTo("s3");
            assertThat(requests()).containsExactly("first", "first", "t2");
        }
    }

    @Test
    void blockingListAllWithTheDefaultPageSizeIsLazyToo() {
        try (Stream<SessionSummary> sessions = blocking.listAll()) {
            assertThat(sessions.limit(2).map(SessionSummary::sessionId)).containsExactly("s1", "s2");
        }
        assertThat(requests()).containsExactly("first");
        server.verifyThat(1, getRequestedFor(urlPathEqualTo("/api/v1/chat")).withoutQueryParam("page_size"));
    }

    @Test
    void blockingCallsReturnValuesAndThrowTypedErrors() {
        assertThat(blocking.list(2, null).items()).extracting(SessionSummary::sessionId).containsExactly("s1", "s2");
        server.register(get(urlPathEqualTo("/api/v1/chat")).withQueryParam("page_token", equalTo("bad"))
                .willReturn(aResponse().withStatus(500)));
        assertThatThrownBy(() -> blocking.list(2, "bad")).isInstanceOf(LlamaCloudServerException.class);
    }

    /** @return the page token of each list request received, {@code first} for none */
    private List<String> requests() {
        return server.find(getRequestedFor(urlPathEqualTo("/api/v1/chat"))).stream()
                .map(request -> request.getQueryParams().containsKey("page_token")
                        ? request.queryParameter("page_token").firstValue()
                        : "first")
                .toList();
    }

    private static String page(String next, String... ids) {
        StringBuilder items = new StringBuilder();
        for (String id : ids) {
            if (!items.isEmpty()) {
                items.append(',');
            }
            items.append("{\"session_id\":\"").append(id).append("\",\"last_updated_at\":\"2026-04-22T12:34:41\"}");
        }
        return "{\"items\":[" + items + "],\"next_page_token\":" + (next == null ? "null" : "\"" + next + "\"") + "}";
    }
}
