package io.quarkiverse.llamacloud.chat.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * A named client beside the default one, against the emulator that Dev Services start for both: its sessions live in
 * its own project, and a whole turn goes through it.
 */
@QuarkusTest
public class NamedClientTest {

    @Test
    void theArchiveClientHasItsOwnSessionsAndAnswers() {
        String archived = given().contentType(ContentType.JSON).body("[\"demo-index\"]").post("/archive")
                .then().statusCode(200).extract().path("session_id");
        String current = given().contentType(ContentType.JSON).body("[\"demo-index\"]").post("/sessions")
                .then().statusCode(200).extract().path("session_id");

        given().get("/archive").then().statusCode(200).body("$", hasItem(archived)).body("$", not(hasItem(current)));
        given().get("/sessions/all").then().statusCode(200).body("$", hasItem(current))
                .body("$", not(hasItem(archived)));

        given().contentType(ContentType.TEXT).body("What were the main findings in Q3?")
                .post("/archive/" + archived + "/ask")
                .then().statusCode(200)
                .body("answer", notNullValue())
                .body("tool_exchanges.size()", org.hamcrest.Matchers.greaterThan(0));
    }
}
