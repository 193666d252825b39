package io.quarkiverse.llamacloud.chat.deployment;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import io.quarkiverse.llamacloud.chat.ChatEvent;
import io.quarkiverse.llamacloud.chat.ChatSessions;
import io.quarkiverse.llamacloud.chat.FullSession;
import io.quarkiverse.llamacloud.chat.JobMetadata;
import io.quarkiverse.llamacloud.chat.SessionPage;
import io.quarkiverse.llamacloud.chat.SessionSummary;
import io.quarkiverse.llamacloud.chat.runtime.telemetry.ChatTelemetry;
import io.quarkus.arc.Arc;
import io.quarkus.test.QuarkusUnitTest;

/**
 * Every session call against a loopback stub: what goes on the wire (method, path, query, headers, body) and how
 * each of the reference's response examples decodes.
 */
public class SessionCallsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String SCOPE = "?organization_id=org-1&project_id=proj-1";

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest()
            .withEmptyApplication()
            .withApplicationRoot(jar -> jar.addClass(StubServer.class))
            .overrideConfigKey("quarkus.llamacloud.base-url", StubServer.baseUrl())
            .overrideConfigKey("quarkus.llamacloud.api-key", "llx-test-key")
            .overrideConfigKey("quarkus.llamacloud.organization-id", "org-1")
            .overrideConfigKey("quarkus.llamacloud.project-id", "proj-1");

    @Inject
    ChatSessions chat;

    WireMock server;

    @BeforeEach
    void reset() {
        server = StubServer.fresh();
    }

    @Test
    void createWithoutIndexesSendsNullIndexIdsAndDecodesTheReferenceExample() {
        server.register(post(anyUrl()).willReturn(okJson(StubServer.resource("session-summary.json"))));

        SessionSummary summary = chat.create().await().atMost(WAIT);

        server.verifyThat(1, postRequestedFor(urlEqualTo("/api/v1/chat" + SCOPE))
                .withHeader("Authorization", equalTo("Bearer llx-test-key"))
                .withHeader("Content-Type", equalTo("application/json"))
                .withHeader("Accept", equalTo("application/json"))
                .withRequestBody(equalToJson("{\"index_ids\":null}")));
        assertReferenceSummary(summary);
    }

    @Test
    void createWithIndexesSendsThem() {
        server.register(post(anyUrl()).willReturn(okJson(StubServer.resource("session-summary.json"))));

        chat.create(List.of("idx-abc123", "idx-def456")).await().atMost(WAIT);

        server.verifyThat(1, postRequestedFor(urlEqualTo("/api/v1/chat" + SCOPE))
                .withRequestBody(equalToJson("{\"index_ids\":[\"idx-abc123\",\"idx-def456\"]}")));
    }

    @Test
    void listSendsPageSizeAndTokenAndDecodesTheReferenceExample() {
        server.register(get(urlPathEqualTo("/api/v1/chat")).willReturn(okJson(StubServer.resource("list-sessions.json"))));

        SessionPage page = chat.list(25, "tok-1").await().atMost(WAIT);

        server.verifyThat(1, getRequestedFor(urlEqualTo("/api/v1/chat" + SCOPE + "&page_size=25&page_token=tok-1"))
                .withHeader("Authorization", equalTo("Bearer llx-test-key")));
        assertThat(page.items()).hasSize(1);
        assertReferenceSummary(page.items().get(0));
        assertThat(page.nextPageToken()).isEqualTo("next_page_token");
        assertThat(page.hasNextPage()).isTrue();
    }

    @Test
    void listWithoutArgumentsSendsNoPagingParameters() {
        server.register(get(urlPathEqualTo("/api/v1/chat")).willReturn(okJson("{\"items\":[]}")));

        SessionPage page = chat.list().await().atMost(WAIT);

        server.verifyThat(1, getRequestedFor(urlEqualTo("/api/v1/chat" + SCOPE)));
        assertThat(page.items()).isEmpty();
        assertThat(page.nextPageToken()).isNull();
        assertThat(page.hasNextPage()).isFalse();
    }

    @Test
    void getDecodesTheReferenceExample() {
        server.register(get(anyUrl()).willReturn(okJson(StubServer.resource("full-session.json"))));

        FullSession session = chat.get("ses-abc123").await().atMost(WAIT);

        server.verifyThat(1, getRequestedFor(urlEqualTo("/api/v1/chat/ses-abc123" + SCOPE))
                .withHeader("Authorization", equalTo("Bearer llx-test-key")));
        assertThat(session.events()).containsExactly(new ChatEvent.ThinkingDelta("content"));
        assertReferenceSummary(session.summary());
    }

    @Test
    void getDecodesEveryEventTypeAndKeepsUnknownOnesWhole() {
        server.register(get(anyUrl()).willReturn(okJson(StubServer.resource("full-session-all-events.json"))));

        FullSession session = chat.get("ses-abc123").await().atMost(WAIT);

        List<ChatEvent> events = session.events();
        assertThat(events).hasSize(9);
        assertThat(events.get(0)).isEqualTo(new ChatEvent.UserInput("What were the main findings in Q3?"));
        assertThat(events.get(1)).isEqualTo(new ChatEvent.ThinkingDelta("Look"));
        assertThat(events.get(2)).isEqualTo(new ChatEvent.Thinking("Looking up Q3."));
        ChatEvent.ToolCall call = (ChatEvent.ToolCall) events.get(3);
        assertThat(call.callId()).isEqualTo("call-1");
        assertThat(call.name()).isEqualTo("search_index");
        assertThat(call.arguments())
                .isEqualTo(JsonNodeFactory.instance.objectNode().put("query", "Q3 findings").put("top_k", 3));
        ChatEvent.ToolResult result = (ChatEvent.ToolResult) events.get(4);
        assertThat(result.callId()).isEqualTo("call-1");
        assertThat(result.name()).isEqualTo("search_index");
        assertThat(result.result().get(0).get("text").asText()).isEqualTo("Revenue grew 12%");
        assertThat(result.imageAttachment().attachmentName()).isEqualTo("page-4.png");
        assertThat(result.imageAttachment().sourceId()).isEqualTo("doc-42");
        assertThat(events.get(5)).isEqualTo(new ChatEvent.TextDelta("Revenue "));
        assertThat(events.get(6)).isEqualTo(new ChatEvent.Text("Revenue grew 12%."));
        ChatEvent.Unknown unknown = (ChatEvent.Unknown) events.get(7);
        assertThat(unknown.type()).isEqualTo("citation_added");
        assertThat(unknown.raw().get("span").get(1).asInt()).isEqualTo(7);
        assertThat(unknown.raw().get("call_id").asText()).isEqualTo("call-1");
        ChatEvent.Stop stop = (ChatEvent.Stop) events.get(8);
        assertThat(stop.isError()).isFalse();
        assertThat(stop.error()).isNull();
        assertThat(stop.skippedIndexIds()).containsExactly("idx-def456");
        assertThat(stop.usage().durationMs()).isEqualTo(1234.5);
        assertThat(stop.usage().totalInputTokens()).isEqualTo(100);
        assertThat(stop.usage().totalOutputTokens()).isEqualTo(20);
        assertThat(stop.usage().turns()).isEqualTo(2);

        assertThat(session.lastUpdatedAt()).isEqualTo(Instant.parse("2026-04-22T10:34:41.342245Z"));
        assertThat(session.generatedTitle()).isNull();
        assertThat(session.indexIds()).isEmpty();
        assertThat(session.summary().isBound()).isFalse();
        assertThat(session.jobMetadata()).isNull();
        assertThat(session.sharedAccess()).isEqualTo("read_only");
    }

    @Test
    void summarySendsItsPath() {
        server.register(get(anyUrl()).willReturn(okJson(StubServer.resource("session-summary.json"))));

        SessionSummary summary = chat.summary("ses-abc123").await().atMost(WAIT);

        server.verifyThat(1, getRequestedFor(urlEqualTo("/api/v1/chat/ses-abc123/summary" + SCOPE)));
        assertReferenceSummary(summary);
    }

    @Test
    void generateTitleSendsTheFirstMessage() {
        server.register(post(anyUrl()).willReturn(okJson(StubServer.resource("session-summary.json"))));

        SessionSummary summary = chat.generateTitle("ses-abc123", "What were the main findings in Q3?")
                .await().atMost(WAIT);

        server.verifyThat(1, postRequestedFor(urlEqualTo("/api/v1/chat/ses-abc123/title" + SCOPE))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("{\"first_message\":\"What were the main findings in Q3?\"}")));
        assertThat(summary.generatedTitle()).isEqualTo("What were the main findings in Q3?...");
    }

    @Test
    void deleteSendsDeleteAndAcceptsAnEmptyBody() {
        server.register(delete(anyUrl()).willReturn(aResponse().withStatus(204)));

        chat.delete("ses-abc123").await().atMost(WAIT);

        server.verifyThat(1, deleteRequestedFor(urlEqualTo("/api/v1/chat/ses-abc123" + SCOPE))
                .withHeader("Accept", equalTo("*/*"))
                .withHeader("Authorization", equalTo("Bearer llx-test-key")));
    }

    @Test
    void deleteAcceptsAJsonBodyToo() {
        server.register(delete(anyUrl()).willReturn(okJson("{\"deleted\":true}")));

        chat.delete("ses-abc123").await().atMost(WAIT);

        server.verifyThat(1, deleteRequestedFor(urlEqualTo("/api/v1/chat/ses-abc123" + SCOPE)));
    }

    @Test
    void hostileSessionIdsStayOnePathSegment() {
        server.register(get(anyUrl()).willReturn(okJson(StubServer.resource("session-summary.json"))));

        chat.summary("../x").await().atMost(WAIT);
        chat.summary("a/b?c=d").await().atMost(WAIT);
        chat.summary("a#b;c=%2F é").await().atMost(WAIT);

        List<String> urls = server.find(getRequestedFor(anyUrl())).stream().map(LoggedRequest::getUrl).toList();
        assertThat(urls).containsExactly(
                "/api/v1/chat/..%2Fx/summary" + SCOPE,
                "/api/v1/chat/a%2Fb%3Fc%3Dd/summary" + SCOPE,
                "/api/v1/chat/a%23b%3Bc%3D%252F%20%C3%A9/summary" + SCOPE);
    }

    @Test
    void hostilePageTokensStayOneQueryValue() {
        server.register(get(urlPathEqualTo("/api/v1/chat")).willReturn(okJson("{\"items\":[]}")));

        chat.list(5, "a&project_id=evil#frag /x?y").await().atMost(WAIT);

        List<LoggedRequest> requests = server.find(getRequestedFor(urlPathEqualTo("/api/v1/chat")));
        assertThat(requests).hasSize(1);
        assertThat(requests.get(0).queryParameter("page_token").values()).containsExactly("a&project_id=evil#frag /x?y");
        assertThat(requests.get(0).queryParameter("project_id").values()).containsExactly("proj-1");
    }

    @Test
    void blankOrDotSessionIdsAreRejectedBeforeAnyRequest() {
        assertThatThrownBy(() -> chat.get(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sessionId");
        assertThatThrownBy(() -> chat.summary(" ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sessionId");
        assertThatThrownBy(() -> chat.delete("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sessionId");
        assertThatThrownBy(() -> chat.generateTitle("..", "hi")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sessionId");
        assertThatThrownBy(() -> chat.generateTitle("ses-1", null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("firstMessage");
        assertThat(server.find(WireMock.anyRequestedFor(anyUrl()))).isEmpty();
    }

    @Test
    void projectAndOrganizationCanBeOverriddenPerCall() {
        server.register(get(anyUrl()).willReturn(okJson(StubServer.resource("session-summary.json"))));

        chat.withProject("proj-2").summary("s1").await().atMost(WAIT);
        chat.withOrganization("org-2").withProject(null).summary("s2").await().atMost(WAIT);

        List<String> urls = server.find(getRequestedFor(anyUrl())).stream().map(LoggedRequest::getUrl).toList();
        assertThat(urls).containsExactly(
                "/api/v1/chat/s1/summary?organization_id=org-1&project_id=proj-2",
                "/api/v1/chat/s2/summary?organization_id=org-2");
    }

    @Test
    void nothingIsSentUntilSubscription() {
        server.register(get(anyUrl()).willReturn(okJson(StubServer.resource("session-summary.json"))));

        var lazy = chat.summary("ses-abc123");
        assertThat(server.find(getRequestedFor(anyUrl()))).isEmpty();

        lazy.await().atMost(WAIT);
        lazy.await().atMost(WAIT);
        assertThat(server.find(getRequestedFor(anyUrl()))).hasSize(2);
    }

    @Test
    void withoutMicrometerOrOpenTelemetryNothingObserves() {
        assertThat(Arc.container().select(ChatTelemetry.class).isUnsatisfied()).isTrue();
    }

    static void assertReferenceSummary(SessionSummary summary) {
        assertThat(summary.sessionId()).isEqualTo("ses-abc123");
        assertThat(summary.lastUpdatedAt()).isEqualTo(Instant.parse("2026-04-22T12:34:41.342245Z"));
        assertThat(summary.generatedTitle()).isEqualTo("What were the main findings in Q3?...");
        assertThat(summary.indexIds()).containsExactly("idx-abc123", "idx-def456");
        assertThat(summary.isBound()).isTrue();
        assertThat(summary.sharedAccess()).isNull();
        JobMetadata job = summary.jobMetadata();
        assertThat(job.durationMs()).isZero();
        assertThat(job.error()).isEqualTo("error");
        assertThat(job.exportConfigIds()).containsExactly("string");
        assertThat(job.isError()).isTrue();
        assertThat(job.totalInputTokens()).isZero();
        assertThat(job.totalOutputTokens()).isZero();
        assertThat(job.turns()).isZero();
    }
}
