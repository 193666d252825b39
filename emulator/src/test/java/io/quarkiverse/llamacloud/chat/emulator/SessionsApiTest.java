package io.quarkiverse.llamacloud.chat.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** The session endpoints: shapes, errors, locking, projects, pagination, history. */
class SessionsApiTest extends EmulatorTestBase {

    static final String TIMESTAMP = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{6})?";
    static final List<String> SUMMARY_FIELDS = List.of("last_updated_at", "session_id", "generated_title",
            "index_ids", "job_metadata", "shared_access");

    @Test
    void createUnboundSession() {
        TestClient.Response response = client.post("/api/v1/chat", "{}");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("content-type")).startsWith("application/json");
        assertThat(response.header("x-request-id")).isNotBlank();
        JsonNode json = response.json();
        assertThat(fieldNames(json)).containsExactlyElementsOf(SUMMARY_FIELDS);
        assertThat(json.get("session_id").asText()).matches("ses-[a-z0-9]{20}");
        assertThat(json.get("last_updated_at").asText()).matches(TIMESTAMP);
        assertThat(json.get("generated_title").isNull()).isTrue();
        assertThat(json.get("index_ids").isNull()).isTrue();
        assertThat(json.get("job_metadata").isNull()).isTrue();
        assertThat(json.get("shared_access").asText()).isEqualTo("query");
    }

    @Test
    void createWithoutBodyOrWithNullIndexesIsUnbound() {
        assertThat(client.send("POST", "/api/v1/chat", null).json().get("index_ids").isNull()).isTrue();
        assertThat(client.post("/api/v1/chat", "{\"index_ids\":null}").json().get("index_ids").isNull()).isTrue();
    }

    @Test
    void createBoundSession() {
        JsonNode json = client.post("/api/v1/chat", "{\"index_ids\":[\"idx-abc123\",\"idx-def456\"]}").json();

        assertThat(json.get("index_ids").isArray()).isTrue();
        assertThat(texts(json.get("index_ids"))).containsExactly("idx-abc123", "idx-def456");
    }

    @Test
    void queryParametersAreAccepted() {
        TestClient.Response response = client.post(
                "/api/v1/chat?organization_id=9b2f7a84-0000-4000-8000-000000000001&project_id=p-1", "{}");
        assertThat(response.status()).isEqualTo(200);
    }

    @Test
    void getFullSession() {
        String id = client.createSession("[\"demo-index\"]");

        TestClient.Response response = client.get("/api/v1/chat/" + id);

        assertThat(response.status()).isEqualTo(200);
        JsonNode json = response.json();
        List<String> expected = new ArrayList<>(List.of("events"));
        expected.addAll(SUMMARY_FIELDS);
        assertThat(fieldNames(json)).containsExactlyElementsOf(expected);
        assertThat(json.get("events").isArray()).isTrue();
        assertThat(json.get("events")).isEmpty();
        assertThat(json.get("session_id").asText()).isEqualTo(id);
        assertThat(texts(json.get("index_ids"))).containsExactly("demo-index");
        assertThat(json.get("job_metadata").isNull()).isTrue();
    }

    @Test
    void getSummary() {
        String id = client.createSession(null);

        TestClient.Response response = client.get("/api/v1/chat/" + id + "/summary");

        assertThat(response.status()).isEqualTo(200);
        assertThat(fieldNames(response.json())).containsExactlyElementsOf(SUMMARY_FIELDS);
        assertThat(response.json().get("session_id").asText()).isEqualTo(id);
    }

    @Test
    void listSessions() {
        String id = client.createSession(null);

        TestClient.Response response = client.get("/api/v1/chat");

        assertThat(response.status()).isEqualTo(200);
        JsonNode json = response.json();
        assertThat(fieldNames(json)).containsExactly("items", "next_page_token");
        assertThat(json.get("items")).hasSize(1);
        assertThat(fieldNames(json.get("items").get(0))).containsExactlyElementsOf(SUMMARY_FIELDS);
        assertThat(json.get("items").get(0).get("session_id").asText()).isEqualTo(id);
        assertThat(json.get("next_page_token").isNull()).isTrue();
    }

    @Test
    void generateTitle() {
        String id = client.createSession(null);

        TestClient.Response shortTitle = client.post("/api/v1/chat/" + id + "/title",
                "{\"first_message\":\"What were the main findings in Q3?\"}");
        assertThat(shortTitle.status()).isEqualTo(200);
        assertThat(fieldNames(shortTitle.json())).containsExactlyElementsOf(SUMMARY_FIELDS);
        // as the API reference's example titles it
        assertThat(shortTitle.json().get("generated_title").asText())
                .isEqualTo("What were the main findings in Q3?...");

        TestClient.Response longTitle = client.post("/api/v1/chat/" + id + "/title",
                "{\"first_message\":\"Compare the gross margins of every quarter and explain the trend\"}");
        assertThat(longTitle.json().get("generated_title").asText())
                .isEqualTo("Compare the gross margins of every quart...");
        assertThat(client.get("/api/v1/chat/" + id + "/summary").json().get("generated_title").asText())
                .isEqualTo("Compare the gross margins of every quart...");
    }

    @Test
    void firstTurnSetsTheTitle() {
        String id = client.createSession(null);
        client.stream(id, "What were the main findings in Q3?");

        assertThat(client.get("/api/v1/chat/" + id + "/summary").json().get("generated_title").asText())
                .isEqualTo("What were the main findings in Q3?...");
    }

    @Test
    void deleteThenNotFound() {
        String id = client.createSession(null);

        TestClient.Response deleted = client.delete("/api/v1/chat/" + id);
        assertThat(deleted.status()).isEqualTo(204);
        assertThat(deleted.body()).isEmpty();
        assertThat(deleted.header("x-request-id")).isNotBlank();

        assertNotFound(client.get("/api/v1/chat/" + id));
        assertNotFound(client.delete("/api/v1/chat/" + id));
        assertThat(client.get("/api/v1/chat").json().get("items")).isEmpty();
    }

    @Test
    void unknownSessionIsNotFoundEverywhere() {
        String path = "/api/v1/chat/ses-doesnotexist";
        assertNotFound(client.get(path));
        assertNotFound(client.get(path + "/summary"));
        assertNotFound(client.delete(path));
        assertNotFound(client.post(path + "/title", "{\"first_message\":\"hi\"}"));
        assertNotFound(client.post(path + "/messages/stream", "{\"prompt\":\"hi\",\"index_ids\":[]}"));
    }

    @Test
    void unknownRoutesAndMethods() {
        TestClient.Response unknown = client.get("/api/v1/chat/ses-x/nothing");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("detail").asText()).isEqualTo("Not Found");
        TestClient.Response wrongMethod = client.send("PUT", "/api/v1/chat", "{}");
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.json().get("detail").asText()).isEqualTo("Method Not Allowed");
    }

    @Test
    void everyEndpointNeedsTheApiKey() {
        String id = client.createSession(null);
        String[][] calls = {
                { "GET", "/api/v1/chat", null },
                { "POST", "/api/v1/chat", "{}" },
                { "GET", "/api/v1/chat/" + id, null },
                { "DELETE", "/api/v1/chat/" + id, null },
                { "GET", "/api/v1/chat/" + id + "/summary", null },
                { "POST", "/api/v1/chat/" + id + "/title", "{\"first_message\":\"hi\"}" },
                { "POST", "/api/v1/chat/" + id + "/messages/stream", "{\"prompt\":\"hi\",\"index_ids\":[]}" },
        };
        for (String[] call : calls) {
            assertUnauthorized(client.sendUnauthenticated(call[0], call[1], call[2]));
            assertUnauthorized(client.sendUnauthenticated(call[0], call[1], call[2], "Authorization", "Bearer nope"));
            assertUnauthorized(client.sendUnauthenticated(call[0], call[1], call[2], "Authorization",
                    "Basic " + emulator.apiKey()));
        }
        assertThat(client.sendUnauthenticated("GET", "/api/v1/chat", null, "Authorization",
                "bearer " + emulator.apiKey()).status()).isEqualTo(200);
        assertThat(client.get("/api/v1/chat/" + id).status()).isEqualTo(200);
    }

    @Test
    void missingPromptIsUnprocessable() {
        String id = client.createSession(null);
        JsonNode error = singleError(client.post("/api/v1/chat/" + id + "/messages/stream", "{\"index_ids\":[]}"));
        assertThat(error.get("type").asText()).isEqualTo("missing");
        assertThat(texts(error.get("loc"))).containsExactly("body", "prompt");
        assertThat(error.get("msg").asText()).isEqualTo("Field required");
    }

    @Test
    void missingStreamBodyIsUnprocessable() {
        String id = client.createSession(null);
        JsonNode error = singleError(client.send("POST", "/api/v1/chat/" + id + "/messages/stream", null));
        assertThat(error.get("type").asText()).isEqualTo("missing");
        assertThat(texts(error.get("loc"))).containsExactly("body");
    }

    @Test
    void promptOverOneThousandCharactersIsUnprocessable() {
        String id = client.createSession(null);
        JsonNode error = singleError(client.stream(id, "x".repeat(1001)));
        assertThat(error.get("type").asText()).isEqualTo("string_too_long");
        assertThat(texts(error.get("loc"))).containsExactly("body", "prompt");
        assertThat(error.get("msg").asText()).isEqualTo("String should have at most 1000 characters");
        assertThat(error.get("ctx").get("max_length").asInt()).isEqualTo(1000);

        assertThat(client.stream(id, "y".repeat(1000)).status()).isEqualTo(200);
        // characters, not UTF-16 units
        assertThat(client.stream(id, "\uD83D\uDE00".repeat(1000)).status()).isEqualTo(200);
    }

    @Test
    void emptyPromptIsUnprocessable() {
        String id = client.createSession(null);
        assertThat(singleError(client.stream(id, "")).get("type").asText()).isEqualTo("string_too_short");
    }

    @Test
    void moreThanTenIndexesAreUnprocessable() {
        String eleven = IntStream.rangeClosed(1, 11).mapToObj(i -> "\"idx-" + i + "\"")
                .collect(Collectors.joining(",", "[", "]"));
        String ten = IntStream.rangeClosed(1, 10).mapToObj(i -> "\"idx-" + i + "\"")
                .collect(Collectors.joining(",", "[", "]"));

        JsonNode onCreate = singleError(client.post("/api/v1/chat", "{\"index_ids\":" + eleven + "}"));
        assertThat(onCreate.get("type").asText()).isEqualTo("too_long");
        assertThat(texts(onCreate.get("loc"))).containsExactly("body", "index_ids");
        assertThat(onCreate.get("ctx").get("max_length").asInt()).isEqualTo(10);
        assertThat(onCreate.get("ctx").get("actual_length").asInt()).isEqualTo(11);
        assertThat(client.post("/api/v1/chat", "{\"index_ids\":" + ten + "}").status()).isEqualTo(200);

        String id = client.createSession(null);
        JsonNode onStream = singleError(client.post("/api/v1/chat/" + id + "/messages/stream",
                "{\"prompt\":\"hi\",\"index_ids\":" + eleven + "}"));
        assertThat(onStream.get("type").asText()).isEqualTo("too_long");
        assertThat(texts(onStream.get("loc"))).containsExactly("body", "index_ids");
    }

    @Test
    void missingFirstMessageIsUnprocessable() {
        String id = client.createSession(null);
        JsonNode error = singleError(client.post("/api/v1/chat/" + id + "/title", "{}"));
        assertThat(error.get("type").asText()).isEqualTo("missing");
        assertThat(texts(error.get("loc"))).containsExactly("body", "first_message");
    }

    @Test
    void malformedJsonIsUnprocessable() {
        String id = client.createSession(null);
        for (String path : List.of("/api/v1/chat", "/api/v1/chat/" + id + "/title",
                "/api/v1/chat/" + id + "/messages/stream")) {
            JsonNode error = singleError(client.post(path, "{\"prompt\": \"unterminated"));
            assertThat(error.get("type").asText()).isEqualTo("json_invalid");
            assertThat(error.get("loc").get(0).asText()).isEqualTo("body");
            assertThat(error.get("loc").get(1).isInt()).isTrue();
            assertThat(error.get("msg").asText()).isEqualTo("JSON decode error");
        }
    }

    @Test
    void wrongTypesAreUnprocessable() {
        String id = client.createSession(null);
        TestClient.Response response = client.post("/api/v1/chat/" + id + "/messages/stream",
                "{\"prompt\":5,\"index_ids\":\"demo-index\",\"require_all_indexes\":\"yes\"}");
        assertThat(response.status()).isEqualTo(422);
        assertThat(response.json().get("detail")).extracting(e -> e.get("type").asText())
                .containsExactly("string_type", "list_type", "bool_type");
    }

    @Test
    void aTurnWithoutIndexIdsIsUnprocessableAsTheSdksDeclareIt() {
        String id = client.createSession("[\"demo-index\"]");

        JsonNode missing = singleError(client.post("/api/v1/chat/" + id + "/messages/stream", "{\"prompt\":\"hi\"}"));
        assertThat(missing.get("type").asText()).isEqualTo("missing");
        assertThat(texts(missing.get("loc"))).containsExactly("body", "index_ids");
        assertThat(missing.get("msg").asText()).isEqualTo("Field required");

        JsonNode nullIds = singleError(client.post("/api/v1/chat/" + id + "/messages/stream",
                "{\"prompt\":\"hi\",\"index_ids\":null}"));
        assertThat(nullIds.get("type").asText()).isEqualTo("list_type");
        assertThat(texts(nullIds.get("loc"))).containsExactly("body", "index_ids");

        // nothing was recorded: a rejected turn is not a turn
        assertThat(client.get("/api/v1/chat/" + id).json().get("events")).isEmpty();
    }

    @Test
    void malformedPercentEscapesInTheQueryAreClientErrorsNeverServerErrors() throws Exception {
        String id = client.createSession(null);
        RawHttp.Answer token = RawHttp.send(emulator.port(), "GET", "/api/v1/chat?page_token=%zz", emulator.apiKey(),
                null);
        assertThat(token.status()).isEqualTo(400);
        assertThat(TestClient.json(token.body()).get("detail").asText()).isEqualTo("Invalid page token");

        RawHttp.Answer size = RawHttp.send(emulator.port(), "GET", "/api/v1/chat?page_size=%zz", emulator.apiKey(),
                null);
        assertThat(size.status()).isEqualTo(422);
        JsonNode error = TestClient.json(size.body()).get("detail").get(0);
        assertThat(error.get("type").asText()).isEqualTo("int_parsing");
        assertThat(error.get("input").asText()).isEqualTo("%zz");

        // kept as written, as Starlette's query parsing does: a project named "%" is just another project
        for (String query : List.of("?organization_id=%", "?project_id=%", "?project_id=%4", "?organization_id=%%zz")) {
            for (String path : List.of("/api/v1/chat", "/api/v1/chat/" + id, "/api/v1/chat/" + id + "/summary")) {
                RawHttp.Answer answer = RawHttp.send(emulator.port(), "GET", path + query, emulator.apiKey(), null);
                assertThat(answer.status()).as(path + query).isLessThan(500);
                JsonNode json = TestClient.json(answer.body());
                assertThat(answer.status() == 200 || json.has("detail")).as(path + query).isTrue();
            }
            RawHttp.Answer turn = RawHttp.send(emulator.port(), "POST", "/api/v1/chat/" + id + "/messages/stream" + query,
                    emulator.apiKey(), "{\"prompt\":\"hi\",\"index_ids\":[]}");
            assertThat(turn.status()).as(query).isLessThan(500);
        }
    }

    @Test
    void unboundSessionsReportNullIndexIdsHoweverTheyWereMadeUnbound() {
        String created = client.createSession(null);
        String createdEmpty = client.createSession("[]");
        String createdBlank = client.post("/api/v1/chat", "{\"index_ids\":null}").json().get("session_id").asText();
        for (String id : List.of(created, createdEmpty, createdBlank)) {
            assertThat(client.get("/api/v1/chat/" + id + "/summary").json().get("index_ids").isNull()).as(id).isTrue();
            assertThat(client.post("/api/v1/chat/" + id + "/messages/stream",
                    "{\"prompt\":\"hi\",\"index_ids\":[]}").status()).isEqualTo(200);
            assertThat(client.get("/api/v1/chat/" + id).json().get("index_ids").isNull()).as(id).isTrue();
        }
        assertThat(client.get("/api/v1/chat").json().get("items"))
                .allSatisfy(item -> assertThat(item.get("index_ids").isNull()).isTrue());
    }

    @Test
    void validationComesBeforeTheSessionLookup() {
        assertThat(client.post("/api/v1/chat/ses-unknown/messages/stream", "{}").status()).isEqualTo(422);
    }

    @Test
    void invalidPageSizeIsUnprocessable() {
        assertThat(singleError(client.get("/api/v1/chat?page_size=0")).get("type").asText())
                .isEqualTo("greater_than_equal");
        JsonNode tooLarge = singleError(client.get("/api/v1/chat?page_size=101"));
        assertThat(tooLarge.get("type").asText()).isEqualTo("less_than_equal");
        assertThat(texts(tooLarge.get("loc"))).containsExactly("query", "page_size");
        assertThat(singleError(client.get("/api/v1/chat?page_size=abc")).get("type").asText())
                .isEqualTo("int_parsing");
        assertThat(client.get("/api/v1/chat?page_size=100").status()).isEqualTo(200);
    }

    @Test
    void indexSetLocksAfterTheFirstMessage() {
        emulator.addDocument("idx-b", "doc-b", "Something about Q3.");
        String id = client.createSession("[\"demo-index\",\"idx-b\"]");

        // before the first message the set can still change: the first turn binds it
        assertThat(client.post("/api/v1/chat/" + id + "/messages/stream",
                "{\"prompt\":\"hi\",\"index_ids\":[\"idx-b\",\"demo-index\"]}").status()).isEqualTo(200);

        TestClient.Response other = client.post("/api/v1/chat/" + id + "/messages/stream",
                "{\"prompt\":\"hi\",\"index_ids\":[\"idx-other\"]}");
        assertThat(other.status()).isEqualTo(400);
        assertThat(other.json().get("detail").asText()).isEqualTo("Index set is locked for this session");
        assertThat(client.post("/api/v1/chat/" + id + "/messages/stream",
                "{\"prompt\":\"hi\",\"index_ids\":[\"demo-index\"]}").status()).isEqualTo(400);

        // the same set, in another order or with duplicates: fine
        assertThat(client.post("/api/v1/chat/" + id + "/messages/stream",
                "{\"prompt\":\"hi\",\"index_ids\":[\"demo-index\",\"idx-b\",\"idx-b\"]}").status()).isEqualTo(200);
        assertThat(client.stream(id, "hi").status()).isEqualTo(200);

        JsonNode summary = client.get("/api/v1/chat/" + id + "/summary").json();
        assertThat(texts(summary.get("index_ids"))).containsExactly("idx-b", "demo-index");
    }

    @Test
    void firstTurnBindsIndexesOfAnUnboundSession() {
        String id = client.createSession(null);
        assertThat(client.post("/api/v1/chat/" + id + "/messages/stream",
                "{\"prompt\":\"Q3 findings\",\"index_ids\":[\"demo-index\"]}").status()).isEqualTo(200);
        assertThat(texts(client.get("/api/v1/chat/" + id + "/summary").json().get("index_ids")))
                .containsExactly("demo-index");
    }

    @Test
    void unboundSessionStaysUnboundAndLocked() {
        String id = client.createSession(null);
        TestClient.Response turn = client.stream(id, "What were the main findings in Q3?");
        assertThat(turn.events()).extracting(SseEvent::type).doesNotContain("tool_call", "tool_result");
        assertThat(client.get("/api/v1/chat/" + id + "/summary").json().get("index_ids").isNull()).isTrue();

        assertThat(client.post("/api/v1/chat/" + id + "/messages/stream",
                "{\"prompt\":\"hi\",\"index_ids\":[\"demo-index\"]}").status()).isEqualTo(400);
        assertThat(client.post("/api/v1/chat/" + id + "/messages/stream",
                "{\"prompt\":\"hi\",\"index_ids\":[]}").status()).isEqualTo(200);
    }

    @Test
    void projectsAreIsolated() {
        String inP1 = client.createSessionIn("p1");
        String inDefault = client.createSession(null);

        assertThat(client.get("/api/v1/chat/" + inP1 + "?project_id=p1").status()).isEqualTo(200);
        assertNotFound(client.get("/api/v1/chat/" + inP1 + "?project_id=p2"));
        assertNotFound(client.get("/api/v1/chat/" + inP1));
        assertNotFound(client.get("/api/v1/chat/" + inDefault + "?project_id=p1"));
        assertNotFound(client.delete("/api/v1/chat/" + inP1 + "?project_id=p2"));
        assertNotFound(
                client.post("/api/v1/chat/" + inP1 + "/messages/stream?project_id=p2", "{\"prompt\":\"hi\",\"index_ids\":[]}"));

        assertThat(ids(client.get("/api/v1/chat?project_id=p1").json())).containsExactly(inP1);
        assertThat(ids(client.get("/api/v1/chat?project_id=p2").json())).isEmpty();
        assertThat(ids(client.get("/api/v1/chat").json())).containsExactly(inDefault);
        // organization_id does not partition
        assertThat(ids(client.get("/api/v1/chat?project_id=p1&organization_id=o9").json())).containsExactly(inP1);
    }

    @Test
    void paginationOverThreePages() {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            created.add(client.createSession(null));
        }
        List<String> newestFirst = new ArrayList<>(created);
        Collections.reverse(newestFirst);

        JsonNode first = client.get("/api/v1/chat?page_size=3").json();
        assertThat(ids(first)).containsExactlyElementsOf(newestFirst.subList(0, 3));
        String token1 = first.get("next_page_token").asText();
        assertThat(token1).isNotBlank();

        JsonNode second = client.get("/api/v1/chat?page_size=3&page_token=" + token1).json();
        assertThat(ids(second)).containsExactlyElementsOf(newestFirst.subList(3, 6));
        String token2 = second.get("next_page_token").asText();

        // a session created meanwhile does not shift the cursor
        client.createSession(null);

        JsonNode third = client.get("/api/v1/chat?page_size=3&page_token=" + token2).json();
        assertThat(ids(third)).containsExactlyElementsOf(newestFirst.subList(6, 7));
        assertThat(third.get("next_page_token").isNull()).isTrue();
    }

    @Test
    void exactlyFullLastPageHasNoNextToken() {
        for (int i = 0; i < 4; i++) {
            client.createSession(null);
        }
        JsonNode first = client.get("/api/v1/chat?page_size=2").json();
        JsonNode second = client.get("/api/v1/chat?page_size=2&page_token=" + first.get("next_page_token").asText())
                .json();
        assertThat(second.get("items")).hasSize(2);
        assertThat(second.get("next_page_token").isNull()).isTrue();
    }

    @Test
    void defaultPageSizeIsTwenty() {
        for (int i = 0; i < 21; i++) {
            client.createSession(null);
        }
        JsonNode page = client.get("/api/v1/chat").json();
        assertThat(page.get("items")).hasSize(20);
        assertThat(page.get("next_page_token").isNull()).isFalse();
    }

    @Test
    void invalidPageTokenIsBadRequest() {
        TestClient.Response response = client.get("/api/v1/chat?page_token=bm9wZQ");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("detail").asText()).isEqualTo("Invalid page token");
    }

    @Test
    void historyAfterATurn() {
        String id = client.createSession("[\"demo-index\"]");
        List<SseEvent> streamed = client.stream(id, "What were the main findings in Q3?").events();

        JsonNode events = client.get("/api/v1/chat/" + id).json().get("events");

        assertThat(events.get(0).get("type").asText()).isEqualTo("user_input");
        assertThat(events.get(0).get("content").asText()).isEqualTo("What were the main findings in Q3?");
        List<JsonNode> rest = new ArrayList<>();
        events.forEach(rest::add);
        assertThat(rest.subList(1, rest.size())).containsExactlyElementsOf(
                streamed.stream().map(SseEvent::json).collect(Collectors.toList()));

        client.stream(id, "And the risks?");
        JsonNode after = client.get("/api/v1/chat/" + id).json().get("events");
        assertThat(after.get(events.size()).get("type").asText()).isEqualTo("user_input");
        assertThat(after.get(events.size()).get("content").asText()).isEqualTo("And the risks?");
    }

    @Test
    void jobMetadataAfterATurn() {
        String id = client.createSession("[\"demo-index\"]");
        String before = client.get("/api/v1/chat/" + id + "/summary").json().get("last_updated_at").asText();
        List<SseEvent> events = client.stream(id, "What were the main findings in Q3?").events();
        JsonNode usage = events.get(events.size() - 1).json().get("usage");

        JsonNode summary = client.get("/api/v1/chat/" + id + "/summary").json();
        JsonNode metadata = summary.get("job_metadata");

        assertThat(fieldNames(metadata)).containsExactly("duration_ms", "error", "export_config_ids", "is_error",
                "total_input_tokens", "total_output_tokens", "turns");
        assertThat(metadata.get("duration_ms").isNumber()).isTrue();
        assertThat(metadata.get("duration_ms").asDouble()).isEqualTo(usage.get("duration_ms").asDouble());
        assertThat(metadata.get("error").isNull()).isTrue();
        assertThat(metadata.get("export_config_ids").isArray()).isTrue();
        assertThat(metadata.get("export_config_ids")).isEmpty();
        assertThat(metadata.get("is_error").asBoolean()).isFalse();
        assertThat(metadata.get("total_input_tokens").asLong()).isEqualTo(7);
        assertThat(metadata.get("total_output_tokens").asLong()).isEqualTo(usage.get("total_output_tokens").asLong())
                .isPositive();
        assertThat(metadata.get("turns").asLong()).isEqualTo(1);
        assertThat(summary.get("last_updated_at").asText()).isGreaterThanOrEqualTo(before);
        assertThat(client.get("/api/v1/chat").json().get("items").get(0).get("job_metadata")).isEqualTo(metadata);
    }

    @Test
    void everyResponseCarriesARequestId() {
        String id = client.createSession(null);
        List<TestClient.Response> responses = List.of(
                client.get("/api/v1/chat"),
                client.get("/api/v1/chat/" + id),
                client.get("/api/v1/chat/" + id + "/summary"),
                client.post("/api/v1/chat/" + id + "/title", "{\"first_message\":\"hi\"}"),
                client.stream(id, "hi"),
                client.post("/api/v1/chat/" + id + "/title", "{}"),
                client.get("/api/v1/chat/ses-none"),
                client.sendUnauthenticated("GET", "/api/v1/chat", null),
                client.delete("/api/v1/chat/" + id));
        List<String> requestIds = responses.stream().map(r -> r.header("x-request-id")).collect(Collectors.toList());
        assertThat(requestIds).doesNotContainNull().doesNotHaveDuplicates();
    }

    // ---- helpers

    static void assertNotFound(TestClient.Response response) {
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.json().get("detail").asText()).isEqualTo("Session not found");
    }

    static void assertUnauthorized(TestClient.Response response) {
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.json().get("detail").asText()).isEqualTo("Invalid or missing API key");
        assertThat(response.header("x-request-id")).isNotBlank();
    }

    static JsonNode singleError(TestClient.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(422);
        JsonNode detail = response.json().get("detail");
        assertThat(detail.isArray()).isTrue();
        assertThat(detail).hasSize(1);
        assertThat(fieldNames(detail.get(0))).contains("type", "loc", "msg", "input");
        return detail.get(0);
    }

    static List<String> fieldNames(JsonNode json) {
        List<String> names = new ArrayList<>();
        json.fieldNames().forEachRemaining(names::add);
        return names;
    }

    static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(item -> texts.add(item.asText()));
        return texts;
    }

    static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("items").forEach(item -> ids.add(item.get("session_id").asText()));
        return ids;
    }
}
