package io.quarkiverse.llamacloud.chat.it;

import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.quarkiverse.llamacloud.chat.it.LlamaCloudStubResource.BEARER;
import static io.quarkiverse.llamacloud.chat.it.LlamaCloudStubResource.FIRST_MESSAGE;
import static io.quarkiverse.llamacloud.chat.it.LlamaCloudStubResource.FORBIDDEN;
import static io.quarkiverse.llamacloud.chat.it.LlamaCloudStubResource.QUICKSTART_SESSION;
import static io.quarkiverse.llamacloud.chat.it.LlamaCloudStubResource.REFERENCE_PAGE_TOKEN;
import static io.quarkiverse.llamacloud.chat.it.LlamaCloudStubResource.SESSION;
import static io.quarkiverse.llamacloud.chat.it.LlamaCloudStubResource.UNKNOWN;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;

import io.quarkiverse.llamacloud.chat.it.LlamaCloudStubResource.InjectLlamaCloudStub;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Every endpoint of the application against a WireMock stand-in for LlamaCloud that answers with the API reference's
 * examples. {@link ChatSessionsResourceIT} runs the same tests against the packaged application.
 */
@QuarkusTest
@WithTestResource(LlamaCloudStubResource.class)
public class ChatSessionsResourceTest {

    private static final String CHAT = "/api/v1/chat";

    @InjectLlamaCloudStub
    WireMockServer llamaCloud;

    @BeforeEach
    void forgetEarlierRequests() {
        llamaCloud.resetRequests();
    }

    @Test
    void createsABoundSessionAndSendsTheKey() {
        given().contentType(ContentType.JSON).body("[\"idx-abc123\",\"idx-def456\"]")
                .post("/sessions")
                .then().statusCode(200)
                .body("session_id", equalTo(SESSION))
                .body("index_ids", contains("idx-abc123", "idx-def456"))
                .body("generated_title", equalTo("What were the main findings in Q3?..."))
                .body("job_metadata.is_error", equalTo(true))
                .body("job_metadata.export_config_ids", contains("string"));

        llamaCloud.verify(1, postRequestedFor(urlPathEqualTo(CHAT))
                .withHeader("Authorization", WireMock.equalTo(BEARER))
                .withRequestBody(equalToJson("{\"index_ids\":[\"idx-abc123\",\"idx-def456\"]}")));
    }

    @Test
    void createsAnUnboundSessionWithoutABody() {
        given().contentType(ContentType.JSON).post("/sessions")
                .then().statusCode(200)
                .body("session_id", equalTo(SESSION));

        llamaCloud.verify(1, postRequestedFor(urlPathEqualTo(CHAT))
                .withHeader("Authorization", WireMock.equalTo(BEARER))
                .withRequestBody(equalToJson("{\"index_ids\":null}")));
    }

    @Test
    void listsOnePage() {
        given().queryParam("pageSize", 1).queryParam("pageToken", REFERENCE_PAGE_TOKEN)
                .get("/sessions")
                .then().statusCode(200)
                .body("items.session_id", contains(SESSION))
                .body("items[0].index_ids", contains("idx-abc123", "idx-def456"))
                .body("next_page_token", equalTo("next_page_token"));
    }

    @Test
    void listsTheFirstPageByDefault() {
        given().get("/sessions")
                .then().statusCode(200)
                .body("items.session_id", contains("ses-page1-a", "ses-page1-b"))
                .body("next_page_token", equalTo("token-page-2"));
    }

    @Test
    void listsAllSessionsOfTheThreePagesExactlyOnce() {
        List<String> all = given().get("/sessions/all")
                .then().statusCode(200)
                .extract().jsonPath().getList(".", String.class);

        assertThat(all).containsExactly("ses-page1-a", "ses-page1-b", "ses-page2-a", "ses-page2-b", "ses-page3-a");
        llamaCloud.verify(3, getRequestedFor(urlPathEqualTo(CHAT)).withHeader("Authorization", WireMock.equalTo(BEARER)));
    }

    @Test
    void getsTheFullSession() {
        given().get("/sessions/" + SESSION)
                .then().statusCode(200)
                .body("session_id", equalTo(SESSION))
                .body("events.size()", equalTo(1))
                .body("events[0].type", equalTo("thinking_delta"))
                .body("events[0].content", equalTo("content"))
                .body("index_ids", contains("idx-abc123", "idx-def456"));
    }

    @Test
    void getsTheSummary() {
        given().get("/sessions/" + SESSION + "/summary")
                .then().statusCode(200)
                .body("session_id", equalTo(SESSION))
                .body("generated_title", equalTo("What were the main findings in Q3?..."))
                .body("job_metadata.total_input_tokens", equalTo(0));
    }

    @Test
    void getsTheSummaryFromAWorkerThread() {
        given().get("/sessions/blocking/" + SESSION + "/summary")
                .then().statusCode(200)
                .body("session_id", equalTo(SESSION))
                .body("index_ids", contains("idx-abc123", "idx-def456"));
    }

    @Test
    void generatesTheTitleFromTheFirstMessage() {
        given().contentType(ContentType.TEXT).body(FIRST_MESSAGE)
                .post("/sessions/" + SESSION + "/title")
                .then().statusCode(200)
                .body("session_id", equalTo(SESSION))
                .body("generated_title", startsWith("What were the main findings in Q3?"));

        llamaCloud.verify(1, postRequestedFor(urlPathEqualTo(CHAT + "/" + SESSION + "/title"))
                .withRequestBody(equalToJson("{\"first_message\":\"" + FIRST_MESSAGE + "\"}")));
    }

    @Test
    void deletesTheSession() {
        given().delete("/sessions/" + SESSION).then().statusCode(204);

        llamaCloud.verify(1, deleteRequestedFor(urlPathEqualTo(CHAT + "/" + SESSION))
                .withHeader("Authorization", WireMock.equalTo(BEARER)));
    }

    @Test
    void assemblesATurn() {
        given().contentType(ContentType.TEXT).body(FIRST_MESSAGE)
                .post("/sessions/" + SESSION + "/ask")
                .then().statusCode(200)
                .body("answer", equalTo("Revenue grew 12%."))
                .body("thinking", equalTo("Looking up Q3."))
                .body("tool_exchanges.size()", equalTo(1))
                .body("usage.total_output_tokens", equalTo(20))
                .body("is_error", equalTo(false));
    }

    @Test
    void relaysTheAnswerAsServerSentEvents() {
        String body = given().contentType(ContentType.TEXT).body(FIRST_MESSAGE)
                .post("/sessions/" + SESSION + "/answer")
                .then().statusCode(200).contentType(startsWith("text/event-stream"))
                .extract().asString();
        assertThat(dataOf(body)).isEqualTo("Revenue grew 12%.");

        String events = given().contentType(ContentType.TEXT).body(FIRST_MESSAGE)
                .post("/sessions/" + SESSION + "/events")
                .then().statusCode(200).contentType(startsWith("text/event-stream"))
                .extract().asString();
        assertThat(events).contains("\"type\":\"thinking_delta\"", "\"type\":\"tool_call\"",
                "\"type\":\"tool_result\"", "\"type\":\"text_delta\"", "\"type\":\"stop\"");
    }

    @Test
    void iteratesATurnOnAWorkerThread() {
        given().contentType(ContentType.TEXT).body(FIRST_MESSAGE)
                .post("/sessions/blocking/" + SESSION + "/answer")
                .then().statusCode(200)
                .body(equalTo("Revenue grew 12%."));
    }

    @Test
    void anUnknownSessionIsA404WithTheUpstreamRequestId() {
        for (String path : List.of("/sessions/" + UNKNOWN, "/sessions/" + UNKNOWN + "/summary",
                "/sessions/blocking/" + UNKNOWN + "/summary")) {
            given().get(path)
                    .then().statusCode(404)
                    .contentType(ContentType.JSON)
                    .body("requestId", equalTo("req-404"))
                    .body("detail", equalTo("Session not found"))
                    .body("upstreamStatus", equalTo(404));
        }
        given().delete("/sessions/" + UNKNOWN)
                .then().statusCode(404)
                .body("requestId", equalTo("req-404"));
        given().contentType(ContentType.TEXT).body(FIRST_MESSAGE).post("/sessions/" + UNKNOWN + "/title")
                .then().statusCode(404)
                .body("requestId", equalTo("req-404"))
                .body("detail", equalTo("Session not found"));

        llamaCloud.verify(2, getRequestedFor(urlPathEqualTo(CHAT + "/" + UNKNOWN + "/summary"))
                .withHeader("Authorization", WireMock.equalTo(BEARER)));
    }

    @Test
    void anotherUpstreamErrorIsA502() {
        given().get("/sessions/" + FORBIDDEN + "/summary")
                .then().statusCode(502)
                .contentType(ContentType.JSON)
                .body("upstreamStatus", equalTo(403))
                .body("requestId", equalTo("req-403"))
                .body("detail", equalTo("The key has no access to this project"));
    }

    @Test
    void quickStartAsWrittenInTheReadme() {
        given().post("/quickstart")
                .then().statusCode(200)
                .body("session_id", equalTo(QUICKSTART_SESSION))
                .body("index_ids", contains("my-index-id"))
                .body("generated_title", nullValue())
                .body("job_metadata", nullValue());
    }

    @Test
    void theStubRejectsARequestWithoutTheKey() {
        // Guards the guard: the stubs really do require the key, so the 200s above prove it was sent.
        given().baseUri("http://127.0.0.1").port(llamaCloud.port())
                .get(CHAT + "/" + SESSION + "/summary")
                .then().statusCode(404);
        given().baseUri("http://127.0.0.1").port(llamaCloud.port())
                .header("Authorization", BEARER)
                .get(CHAT + "/" + SESSION + "/summary")
                .then().statusCode(200)
                .body("session_id", equalTo(SESSION))
                .body("events", nullValue());
        assertThat(llamaCloud.findAllUnmatchedRequests()).hasSize(1);
    }

    /** Joins the data of every server-sent event of a body, as a browser's EventSource would see them. */
    private static String dataOf(String body) {
        StringBuilder data = new StringBuilder();
        for (String line : body.split("\r?\n")) {
            if (line.startsWith("data:")) {
                data.append(line.startsWith("data: ") ? line.substring(6) : line.substring(5));
            }
        }
        return data.toString();
    }
}
