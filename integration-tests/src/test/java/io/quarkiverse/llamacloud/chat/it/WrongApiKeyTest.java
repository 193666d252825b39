package io.quarkiverse.llamacloud.chat.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * An application whose key LlamaCloud refuses: every call fails with the typed 401, the readiness check says why,
 * and the key appears in no answer. {@link WrongApiKeyIT} runs the same tests against the packaged application.
 */
@QuarkusTest
@WithTestResource(WrongKeyEmulatorResource.class)
public class WrongApiKeyTest {

    @Test
    void everyCallFailsWithTheTyped401() {
        given().contentType(ContentType.JSON).body("[\"demo-index\"]").post("/sessions")
                .then().statusCode(502)
                .body("type", equalTo("LlamaCloudUnauthorizedException"))
                .body("upstreamStatus", equalTo(401))
                .body("detail", equalTo("Invalid or missing API key"))
                .body("requestId", startsWith("req-"))
                .body("attempts", equalTo(1))
                .body(not(containsString(WrongKeyEmulatorResource.WRONG_KEY)));
        given().contentType(ContentType.TEXT).body("Anyone there?").post("/sessions/ses-any/ask")
                .then().statusCode(502)
                .body("type", equalTo("LlamaCloudUnauthorizedException"))
                .body("upstreamStatus", equalTo(401));
    }

    @Test
    void theReadinessCheckIsDownWithTheStatus() {
        given().get("/q/health/ready")
                .then().statusCode(503)
                .body("status", equalTo("DOWN"))
                .body("checks.find { it.name == 'LlamaCloud Chat' }.status", equalTo("DOWN"))
                // one entry per client: the default one here
                .body("checks.find { it.name == 'LlamaCloud Chat' }.data.default",
                        startsWith("DOWN: LlamaCloudUnauthorizedException, status 401"))
                .body(not(containsString(WrongKeyEmulatorResource.WRONG_KEY)));
    }
}
