package io.quarkiverse.llamacloud.chat.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** The stream of a turn: framing, the emulated agent, retrieval, scripts. */
class StreamTest extends EmulatorTestBase {

    static final String Q3 = "What were the main findings in Q3?";

    @Test
    void framing() {
        String id = client.createSession("[\"demo-index\"]");

        TestClient.Response response = client.stream(id, Q3);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("content-type")).startsWith("text/event-stream");
        assertThat(response.header("x-request-id")).isNotBlank();
        assertThat(response.header("content-length")).isNull();
        List<SseEvent> events = response.events();
        assertThat(events).isNotEmpty();
        for (SseEvent event : events) {
            assertThat(event.event()).as(event.data()).isEqualTo(event.type().endsWith("_delta") ? "delta" : "message");
        }
        assertThat(events).extracting(SseEvent::type).containsSubsequence("thinking_delta", "thinking", "tool_call",
                "tool_result", "text_delta", "text", "stop");
        assertThat(events.get(events.size() - 1).type()).isEqualTo("stop");
        assertThat(events.stream().filter(e -> e.type().equals("stop"))).hasSize(1);

        assertThat(concat(events, "text_delta")).isEqualTo(single(events, "text").get("content").asText());
        assertThat(concat(events, "thinking_delta")).isEqualTo(single(events, "thinking").get("content").asText());
        // one JSON object per data line, no id or retry fields
        assertThat(response.body()).doesNotContain("\nid:", "\nretry:", "[DONE]");
    }

    @Test
    void agentAnswersFromTheDemoCorpus() {
        String id = client.createSession("[\"demo-index\"]");

        List<SseEvent> events = client.stream(id, Q3).events();

        JsonNode call = single(events, "tool_call");
        assertThat(call.get("call_id").asText()).isEqualTo("call-1");
        assertThat(call.get("name").asText()).isEqualTo("retrieve");
        assertThat(call.get("arguments").get("query").asText()).isEqualTo(Q3);
        assertThat(SessionsApiTest.texts(call.get("arguments").get("index_ids"))).containsExactly("demo-index");

        JsonNode result = single(events, "tool_result");
        assertThat(SessionsApiTest.fieldNames(result)).containsExactly("type", "call_id", "name", "result",
                "image_attachment");
        assertThat(result.get("call_id").asText()).isEqualTo("call-1");
        assertThat(result.get("name").asText()).isEqualTo("retrieve");
        assertThat(result.get("result")).hasSize(3);
        JsonNode top = result.get("result").get(0);
        assertThat(SessionsApiTest.fieldNames(top)).containsExactly("document_id", "index_id", "text", "score");
        assertThat(top.get("document_id").asText()).isEqualTo("q3-results");
        assertThat(top.get("index_id").asText()).isEqualTo("demo-index");
        assertThat(top.get("text").asText()).contains("12%");
        assertThat(top.get("score").asDouble()).isEqualTo(1.0);
        assertThat(result.get("result").get(1).get("score").asDouble()).isLessThanOrEqualTo(1.0);
        assertThat(result.get("image_attachment").get("attachment_name").asText()).isEqualTo("page-1.png");
        assertThat(result.get("image_attachment").get("source_id").asText()).isEqualTo("q3-results");

        String text = single(events, "text").get("content").asText();
        assertThat(text).contains("12%", "[q3-results]", "[q3-risk-review]");

        JsonNode stop = single(events, "stop");
        assertThat(SessionsApiTest.fieldNames(stop)).containsExactly("type", "is_error", "error", "usage",
                "skipped_index_ids");
        assertThat(stop.get("is_error").asBoolean()).isFalse();
        assertThat(stop.get("error").isNull()).isTrue();
        assertThat(SessionsApiTest.fieldNames(stop.get("usage"))).containsExactly("duration_ms", "total_input_tokens",
                "total_output_tokens", "turns");
        assertThat(stop.get("usage").get("total_input_tokens").asLong()).isEqualTo(7);
        assertThat(stop.get("usage").get("total_output_tokens").asLong()).isEqualTo(text.split("\\s+").length);
        assertThat(stop.get("usage").get("turns").asLong()).isEqualTo(1);
        assertThat(stop.get("usage").get("duration_ms").asDouble()).isGreaterThanOrEqualTo(0);
        assertThat(stop.get("skipped_index_ids")).isEmpty();

        // the next turn's call id goes on
        assertThat(single(client.stream(id, "And the Q4 outlook?").events(), "tool_call").get("call_id").asText())
                .isEqualTo("call-2");
    }

    @Test
    void missingIndexesAreSkipped() {
        String id = client.createSession("[\"demo-index\",\"idx-missing\"]");

        List<SseEvent> events = client.stream(id, Q3).events();

        JsonNode stop = single(events, "stop");
        assertThat(stop.get("is_error").asBoolean()).isFalse();
        assertThat(SessionsApiTest.texts(stop.get("skipped_index_ids"))).containsExactly("idx-missing");
        assertThat(SessionsApiTest.texts(single(events, "tool_call").get("arguments").get("index_ids")))
                .containsExactly("demo-index");
    }

    @Test
    void requireAllIndexesFailsTheTurnWhenOneIsMissing() {
        String id = client.createSession(null);

        TestClient.Response response = client.post("/api/v1/chat/" + id + "/messages/stream",
                "{\"prompt\":\"" + Q3 + "\",\"index_ids\":[\"demo-index\",\"idx-missing\"],"
                        + "\"require_all_indexes\":true}");

        assertThat(response.status()).isEqualTo(200);
        List<SseEvent> events = response.events();
        assertThat(events).extracting(SseEvent::type).containsExactly("stop");
        JsonNode stop = events.get(0).json();
        assertThat(stop.get("is_error").asBoolean()).isTrue();
        assertThat(stop.get("error").asText()).contains("idx-missing");
        assertThat(SessionsApiTest.texts(stop.get("skipped_index_ids"))).containsExactly("idx-missing");
        JsonNode metadata = client.get("/api/v1/chat/" + id + "/summary").json().get("job_metadata");
        assertThat(metadata.get("is_error").asBoolean()).isTrue();
        assertThat(metadata.get("error").asText()).contains("idx-missing");

        // with every index present, require_all_indexes changes nothing
        String other = client.createSession(null);
        List<SseEvent> ok = client.post("/api/v1/chat/" + other + "/messages/stream",
                "{\"prompt\":\"" + Q3 + "\",\"index_ids\":[\"demo-index\"],\"require_all_indexes\":true}").events();
        assertThat(single(ok, "stop").get("is_error").asBoolean()).isFalse();
    }

    @Test
    void nothingFound() {
        String id = client.createSession("[\"demo-index\"]");

        List<SseEvent> events = client.stream(id, "Tell me about penguins").events();

        JsonNode result = single(events, "tool_result");
        assertThat(result.get("result")).isEmpty();
        assertThat(result.get("image_attachment").isNull()).isTrue();
        assertThat(single(events, "text").get("content").asText()).contains("could not find");
    }

    @Test
    void unboundSessionAnswersWithoutRetrieval() {
        String id = client.createSession(null);

        List<SseEvent> events = client.stream(id, Q3).events();

        assertThat(events).extracting(SseEvent::type).doesNotContain("tool_call", "tool_result")
                .contains("thinking", "text", "stop");
        assertThat(concat(events, "text_delta")).isEqualTo(single(events, "text").get("content").asText());
    }

    @Test
    void addedDocumentsAreRetrievedAndCited() {
        emulator.addDocument("idx-handbook", "vacation-policy",
                "Employees get 25 vacation days per year.\n\nUnused vacation days expire in March.");
        String id = client.createSession("[\"idx-handbook\"]");

        List<SseEvent> events = client.stream(id, "How many vacation days do employees get?").events();

        JsonNode result = single(events, "tool_result");
        assertThat(result.get("result").get(0).get("document_id").asText()).isEqualTo("vacation-policy");
        assertThat(result.get("result").get(0).get("index_id").asText()).isEqualTo("idx-handbook");
        assertThat(result.get("result").get(0).get("text").asText())
                .isEqualTo("Employees get 25 vacation days per year.");
        assertThat(single(events, "text").get("content").asText()).contains("25 vacation days", "[vacation-policy]");
    }

    @Test
    void resetKeepsDocuments() {
        emulator.addDocument("idx-kept", "doc-1", "Kept after reset.");
        emulator.reset();
        String id = client.createSession("[\"idx-kept\",\"demo-index\"]");
        JsonNode stop = single(client.stream(id, "kept").events(), "stop");
        assertThat(stop.get("skipped_index_ids")).isEmpty();
    }

    @Test
    void scriptedReplyWithoutStopGetsOne() {
        emulator.scriptReply("Say hi", List.of(
                "{\"type\":\"thinking_delta\",\"content\":\"Greeting\"}",
                "{\"type\":\"text_delta\",\"content\":\"Hi \"}",
                "{\"type\":\"text_delta\",\"content\":\"there\"}",
                "{\"type\":\"text\",\"content\":\"Hi there\"}"));
        String id = client.createSession("[\"demo-index\"]");

        List<SseEvent> events = client.stream(id, "Say hi").events();

        assertThat(events).extracting(SseEvent::type).containsExactly("thinking_delta", "text_delta", "text_delta",
                "text", "stop");
        assertThat(events).extracting(SseEvent::event).containsExactly("delta", "delta", "delta", "message",
                "message");
        assertThat(events.get(1).data()).isEqualTo("{\"type\":\"text_delta\",\"content\":\"Hi \"}");
        JsonNode stop = events.get(4).json();
        assertThat(stop.get("is_error").asBoolean()).isFalse();
        assertThat(stop.get("usage").get("total_input_tokens").asLong()).isEqualTo(2);
        assertThat(stop.get("usage").get("total_output_tokens").asLong()).isEqualTo(2);
        assertThat(stop.get("usage").get("turns").asLong()).isEqualTo(1);

        JsonNode history = client.get("/api/v1/chat/" + id).json().get("events");
        assertThat(history).hasSize(6);
        assertThat(history.get(0).get("type").asText()).isEqualTo("user_input");
        assertThat(history.get(4).get("content").asText()).isEqualTo("Hi there");

        // other prompts still get the agent
        assertThat(client.stream(id, Q3).events()).extracting(SseEvent::type).contains("tool_call");
    }

    @Test
    void scriptedReplyWithItsOwnStopIsSentAsIs() {
        emulator.scriptReply("Fail please", List.of(
                "{\"type\":\"text_delta\",\"content\":\"Partial\"}",
                "{\"type\":\"citation_added\",\"call_id\":\"call-9\",\"span\":[0,7]}",
                "{\"type\":\"stop\",\"is_error\":true,\"error\":\"scripted failure\","
                        + "\"usage\":{\"duration_ms\":1234.5,\"total_input_tokens\":100,\"total_output_tokens\":20,"
                        + "\"turns\":2}}"));
        String id = client.createSession(null);

        List<SseEvent> events = client.stream(id, "Fail please").events();

        assertThat(events).extracting(SseEvent::type).containsExactly("text_delta", "citation_added", "stop");
        assertThat(events.get(1).event()).isEqualTo("message");
        assertThat(events.get(2).json().get("usage").get("duration_ms").asDouble()).isEqualTo(1234.5);
        JsonNode metadata = client.get("/api/v1/chat/" + id + "/summary").json().get("job_metadata");
        assertThat(metadata.get("is_error").asBoolean()).isTrue();
        assertThat(metadata.get("error").asText()).isEqualTo("scripted failure");
        assertThat(metadata.get("duration_ms").asDouble()).isEqualTo(1234.5);
        assertThat(metadata.get("turns").asLong()).isEqualTo(2);
    }

    @Test
    void scriptsMustBeJsonObjectsWithAType() {
        assertThatThrownBy(() -> emulator.scriptReply("x", List.of("{not json")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> emulator.scriptReply("x", List.of("{\"content\":\"no type\"}")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> emulator.scriptReply("x", List.of("[1]")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void resetClearsScripts() {
        emulator.scriptReply("Say hi", List.of("{\"type\":\"text\",\"content\":\"Hi\"}"));
        emulator.reset();
        String id = client.createSession(null);
        assertThat(client.stream(id, "Say hi").events()).extracting(SseEvent::type).contains("thinking");
    }

    @Test
    void emulatorWithoutDemoCorpus() {
        try (LlamaCloudEmulator bare = LlamaCloudEmulator.start(EmulatorOptions.defaults().withDemoCorpus(false)
                .withApiKey("llx-other"))) {
            TestClient other = TestClient.of(bare);
            assertThat(bare.apiKey()).isEqualTo("llx-other");
            assertThat(bare.baseUrl()).isEqualTo("http://127.0.0.1:" + bare.port());
            String id = other.createSession("[\"demo-index\"]");
            JsonNode stop = single(other.stream(id, Q3).events(), "stop");
            assertThat(SessionsApiTest.texts(stop.get("skipped_index_ids"))).containsExactly("demo-index");
            assertThat(client.sendUnauthenticated("GET", "/api/v1/chat", null, "Authorization", "Bearer llx-other")
                    .status()).isEqualTo(401);
        }
    }

    // ---- helpers

    static String concat(List<SseEvent> events, String type) {
        return events.stream().filter(e -> e.type().equals(type)).map(e -> e.json().get("content").asText())
                .collect(Collectors.joining());
    }

    static JsonNode single(List<SseEvent> events, String type) {
        List<JsonNode> matching = events.stream().filter(e -> e.type().equals(type)).map(SseEvent::json)
                .collect(Collectors.toList());
        assertThat(matching).as("events of type " + type).hasSize(1);
        return matching.get(0);
    }
}
