package io.quarkiverse.llamacloud.chat.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The application's endpoints against the LlamaCloud Chat emulator that Dev Services start: no configuration, no
 * network beyond loopback.
 */
@QuarkusTest
public class SessionsResourceTest {

    private static final String QUESTION = "What were the main findings in Q3?";

    @Test
    void quickStartAsWrittenInTheReadme() {
        given().post("/quickstart")
                .then().statusCode(200)
                .body("session_id", startsWith("ses-"))
                .body("index_ids", contains("my-index-id"));
    }

    @Test
    void sessionsCanBeCreatedReadTitledAndDeleted() {
        String id = create("demo-index");

        given().get("/sessions/" + id + "/summary").then().statusCode(200)
                .body("session_id", equalTo(id))
                .body("index_ids", contains("demo-index"));
        given().get("/sessions/blocking/" + id + "/summary").then().statusCode(200)
                .body("session_id", equalTo(id));
        given().contentType(ContentType.TEXT).body(QUESTION).post("/sessions/" + id + "/title").then().statusCode(200)
                .body("generated_title", startsWith("What were the main findings"));
        given().get("/sessions/" + id).then().statusCode(200)
                .body("session_id", equalTo(id))
                .body("events.size()", equalTo(0));

        given().delete("/sessions/" + id).then().statusCode(204);
        given().get("/sessions/" + id + "/summary").then().statusCode(404)
                .body("upstreamStatus", equalTo(404))
                .body("requestId", notNullValue())
                .body("detail", equalTo("Session not found"));
    }

    @Test
    void listingPagesAndAllSessions() {
        List<String> created = List.of(create(), create(), create(), create(), create());

        given().queryParam("pageSize", 2).get("/sessions").then().statusCode(200)
                .body("items.size()", equalTo(2))
                .body("next_page_token", notNullValue());
        List<String> all = given().queryParam("pageSize", 2).get("/sessions/all").then().statusCode(200)
                .extract().jsonPath().getList(".", String.class);
        assertThat(all).containsAll(created).doesNotHaveDuplicates();
    }

    @Test
    void aTurnIsAssembledRelayedAsServerSentEventsAndIteratedBlocking() {
        String answer = given().contentType(ContentType.TEXT).body(QUESTION).post("/sessions/" + create("demo-index")
                + "/ask").then().statusCode(200)
                .body("thinking", not(equalTo("")))
                .body("tool_exchanges.size()", equalTo(1))
                .body("tool_exchanges[0].call.name", equalTo("retrieve"))
                .body("tool_exchanges[0].call.arguments.query", equalTo(QUESTION))
                .body("tool_exchanges[0].call.arguments.index_ids", contains("demo-index"))
                .body("tool_exchanges[0].result.call_id", equalTo("call-1"))
                .body("tool_exchanges[0].result.result.document_id", hasItems("q3-results", "q3-risk-review"))
                .body("tool_exchanges[0].result.image_attachment.source_id", equalTo("q3-results"))
                .body("images[0].attachment_name", equalTo("page-1.png"))
                .body("usage.total_output_tokens", not(equalTo(0)))
                .body("is_error", equalTo(false))
                .extract().path("answer");
        assertThat(answer).isNotBlank();

        String relayed = given().contentType(ContentType.TEXT).body(QUESTION)
                .post("/sessions/" + create("demo-index") + "/answer")
                .then().statusCode(200).contentType(startsWith("text/event-stream"))
                .extract().asString();
        assertThat(dataOf(relayed)).isEqualTo(answer);

        String events = given().contentType(ContentType.TEXT).body(QUESTION)
                .post("/sessions/" + create("demo-index") + "/events")
                .then().statusCode(200).extract().asString();
        assertThat(events).contains("\"type\":\"thinking_delta\"", "\"type\":\"tool_call\"", "\"type\":\"tool_result\"",
                "\"type\":\"text\"", "\"type\":\"stop\"");

        String blocking = given().contentType(ContentType.TEXT).body(QUESTION)
                .post("/sessions/blocking/" + create("demo-index") + "/answer")
                .then().statusCode(200).extract().asString();
        assertThat(blocking).isEqualTo(answer);
    }

    @Test
    void theHistoryHoldsTheTurn() {
        String id = create("demo-index");
        given().contentType(ContentType.TEXT).body(QUESTION).post("/sessions/" + id + "/ask").then().statusCode(200);

        given().get("/sessions/" + id).then().statusCode(200)
                .body("events[0].type", equalTo("user_input"))
                .body("events[0].content", equalTo(QUESTION))
                .body("events.type", hasItems("tool_call", "tool_result", "text", "stop"))
                .body("job_metadata.turns", not(equalTo(0)));
    }

    private static String create(String... indexIds) {
        return given().contentType(ContentType.JSON).body(indexIds.length == 0 ? "null" : toJson(indexIds))
                .post("/sessions").then().statusCode(200).extract().path("session_id");
    }

    private static String toJson(String... values) {
        return Arrays.stream(values).map(v -> "\"" + v + "\"").collect(Collectors.joining(",", "[", "]"));
    }

    /** Joins the data of every server-sent event of a body, as a browser's EventSource would see them. */
    private static String dataOf(String body) {
        StringBuilder data = new StringBuilder();
        for (String event : body.split("\n\n")) {
            StringBuilder one = new StringBuilder();
            for (String line : event.split("\n")) {
                if (line.startsWith("data:")) {
                    if (!one.isEmpty()) {
                        one.append('\n');
                    }
                    one.append(line.startsWith("data: ") ? line.substring(6) : line.substring(5));
                }
            }
            data.append(one);
        }
        return data.toString();
    }
}
