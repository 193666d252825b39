package io.quarkiverse.llamacloud.chat.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The application's health and metrics endpoints with the extension's readiness check
 * ({@code quarkus.llamacloud.health.enabled}) and Micrometer meters, against the emulator that Dev Services start.
 * {@link HealthAndMetricsIT} runs the same tests against the packaged application.
 */
@QuarkusTest
public class HealthAndMetricsTest {

    private static final String QUESTION = "What were the main findings in Q3?";

    @Test
    void theReadinessCheckIsUpWhenLlamaCloudAnswers() {
        given().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'LlamaCloud Chat' }.status", equalTo("UP"));
    }

    @Test
    void aStreamedTurnIsMetered() {
        Map<String, Object> before = metrics();
        String id = given().contentType(ContentType.JSON).body("[\"demo-index\"]").post("/sessions")
                .then().statusCode(200).extract().path("session_id");
        int outputTokens = given().contentType(ContentType.TEXT).body(QUESTION).post("/sessions/" + id + "/ask")
                .then().statusCode(200).extract().path("usage.total_output_tokens");
        given().get("/sessions/ses-missing/summary").then().statusCode(404);
        Map<String, Object> after = metrics();

        assertThat(outputTokens).isPositive();
        String[] created = { "client=default", "exception=none", "operation=create", "outcome=success", "project=default" };
        assertThat(timerCount(after, "llamacloud.chat.calls", created) - timerCount(before, "llamacloud.chat.calls",
                created)).isEqualTo(1);
        String[] notFound = { "client=default", "exception=LlamaCloudNotFoundException", "operation=summary", "outcome=failure",
                "project=default" };
        assertThat(timerCount(after, "llamacloud.chat.calls", notFound) - timerCount(before, "llamacloud.chat.calls",
                notFound)).isEqualTo(1);
        String[] completed = { "client=default", "exception=none", "outcome=completed", "project=default" };
        assertThat(timerCount(after, "llamacloud.chat.turns", completed) - timerCount(before, "llamacloud.chat.turns",
                completed)).isEqualTo(1);
        assertThat(timerCount(after, "llamacloud.chat.turn.first.event", "client=default", "project=default")
                - timerCount(before, "llamacloud.chat.turn.first.event", "client=default", "project=default")).isEqualTo(1);
        String[] output = { "client=default", "direction=output", "project=default" };
        assertThat(counter(after, "llamacloud.chat.tokens", output) - counter(before, "llamacloud.chat.tokens", output))
                .isEqualTo(outputTokens);
    }

    /**
     * Micrometer's JSON registry: a counter is a member {@code name;tag=value;...}; a timer is a member {@code name}
     * holding {@code count;tag=value;...}. Tags in alphabetical order.
     */
    private static Map<String, Object> metrics() {
        return given().accept(ContentType.JSON).get("/q/metrics")
                .then().statusCode(200).extract().jsonPath().getMap(".");
    }

    /** A timer's count; {@code 0} before the timer exists. */
    private static long timerCount(Map<String, Object> metrics, String name, String... tags) {
        Object timer = metrics.get(name);
        Object count = timer instanceof Map<?, ?> members ? members.get("count;" + String.join(";", tags)) : null;
        return count == null ? 0 : ((Number) count).longValue();
    }

    /** A counter's value; {@code 0} before the counter exists. */
    private static double counter(Map<String, Object> metrics, String name, String... tags) {
        Object value = metrics.get(name + ";" + String.join(";", tags));
        return value == null ? 0 : ((Number) value).doubleValue();
    }
}
