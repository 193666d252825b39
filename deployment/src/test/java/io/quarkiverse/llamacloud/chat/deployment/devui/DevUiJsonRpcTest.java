package io.quarkiverse.llamacloud.chat.deployment.devui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.QuarkusDevModeTest;

/**
 * The JSON-RPC methods behind the Dev UI pages, called over the Dev UI's WebSocket as the pages call them, in
 * {@code quarkus dev} with the emulator that Dev Services start.
 */
public class DevUiJsonRpcTest {

    static final String Q3 = "What were the main findings in Q3?";

    @RegisterExtension
    static final QuarkusDevModeTest dev = DevModeApp.create();

    private static DevUiJsonRpc rpc;

    /** The application starts before the first test, not before {@code @BeforeAll}: connect on first use. */
    static synchronized DevUiJsonRpc rpc() {
        if (rpc == null) {
            rpc = DevUiJsonRpc.connect(DevModeApp.port(dev));
        }
        return rpc;
    }

    @AfterAll
    static void disconnect() {
        if (rpc != null) {
            rpc.close();
        }
    }

    /**
     * One dynamic test per behaviour: {@code QuarkusDevModeTest} starts and stops the application around each test
     * method (some ten seconds here), and a factory is one method however many tests it holds.
     */
    @TestFactory
    Stream<DynamicTest> jsonRpcMethods() {
        Map<String, Runnable> tests = new LinkedHashMap<>();
        tests.put("clients lists the default client", this::listsTheDefaultClient);
        tests.put("createSession and listSessions, page by page", this::createsSessionsAndListsThemPageByPage);
        tests.put("streamTurn streams typed events, then timings", this::streamsATurnAsTypedEventsThenItsTimings);
        tests.put("streamTurn refused by the service ends with the typed error",
                this::aTurnTheServiceRefusesEndsWithTheTypedError);
        tests.put("streamTurn under stream faults ends with their typed errors",
                this::streamFaultsEndWithTheirTypedErrorsAfterTheEventsThatArrived);
        tests.put("unsubscribing from streamTurn closes the stream", this::cancellingATurnClosesItsStream);
        tests.put("generateTitle and deleteSession", this::generatesTitlesAndDeletesSessions);
        tests.put("an unknown client is an error", this::anUnknownClientIsAnError);
        tests.put("emulator actions show and change the emulator", this::emulatorActionsShowAndChangeTheEmulator);
        tests.put("the API key never reaches the page", this::theApiKeyNeverReachesThePage);
        tests.put("the card has the three pages", this::theCardHasTheThreePages);
        return tests.entrySet().stream().map(test -> DynamicTest.dynamicTest(test.getKey(), () -> {
            assertThat(call("resetEmulator").path("reset").asBoolean()).isTrue();
            test.getValue().run();
        }));
    }

    void listsTheDefaultClient() {
        assertThat(call("clients").toString()).isEqualTo("[\"<default>\"]");
    }

    void createsSessionsAndListsThemPageByPage() {
        JsonNode bound = call("createSession", "client", "<default>", "indexIds", "demo-index, idx-other");
        assertThat(bound.path("sessionId").asText()).startsWith("ses-");
        assertThat(bound.path("indexIds").toString()).isEqualTo("[\"demo-index\",\"idx-other\"]");
        assertThat(absent(bound.path("title"))).isTrue();
        assertThat(bound.path("lastUpdatedAt").asText()).endsWith("Z");
        assertThat(absent(bound.path("lastRun"))).isTrue();
        String second = call("createSession", "client", "<default>", "indexIds", "").path("sessionId").asText();
        String third = call("createSession", "client", "<default>", "indexIds", "").path("sessionId").asText();

        JsonNode first = call("listSessions", "client", "<default>", "pageSize", 2, "pageToken", "");
        assertThat(ids(first.path("items"))).containsExactly(third, second);
        assertThat(first.path("items").get(1).path("indexIds").isEmpty()).isTrue();
        String token = first.path("nextPageToken").asText();
        assertThat(token).isNotBlank();

        JsonNode last = call("listSessions", "client", "<default>", "pageSize", 2, "pageToken", token);
        assertThat(ids(last.path("items"))).containsExactly(bound.path("sessionId").asText());
        assertThat(absent(last.path("nextPageToken"))).isTrue();
    }

    void streamsATurnAsTypedEventsThenItsTimings() {
        String session = newSession("demo-index");

        List<JsonNode> items = rpc().subscribe("streamTurn", params("client", "<default>", "sessionId", session,
                "prompt", Q3)).untilEnd();

        JsonNode end = items.get(items.size() - 1);
        assertThat(end.path("kind").asText()).as(end.toString()).isEqualTo("done");
        List<JsonNode> events = new ArrayList<>();
        items.subList(0, items.size() - 1).forEach(item -> events.add(item.path("event")));
        assertThat(end.path("events").asInt()).isEqualTo(events.size());
        assertThat(events).extracting(event -> event.path("type").asText())
                .startsWith("thinking_delta")
                .containsSubsequence("thinking", "tool_call", "tool_result", "text_delta", "text", "stop")
                .endsWith("stop");

        JsonNode toolCall = ofType(events, "tool_call");
        assertThat(toolCall.path("name").asText()).isEqualTo("retrieve");
        assertThat(toolCall.path("arguments").path("query").asText()).isEqualTo(Q3);
        assertThat(toolCall.path("arguments").path("index_ids").toString()).isEqualTo("[\"demo-index\"]");
        JsonNode toolResult = ofType(events, "tool_result");
        assertThat(toolResult.path("callId").asText()).isEqualTo(toolCall.path("callId").asText()).isNotBlank();
        assertThat(toolResult.path("result").get(0).path("document_id").asText()).isEqualTo("q3-results");
        assertThat(toolResult.path("imageAttachment").path("attachmentName").asText()).isEqualTo("page-1.png");
        assertThat(toolResult.path("imageAttachment").path("sourceId").asText()).isEqualTo("q3-results");
        assertThat(ofType(events, "text").path("content").asText()).contains("[q3-results]");

        JsonNode stop = ofType(events, "stop");
        assertThat(stop.path("isError").asBoolean()).isFalse();
        assertThat(stop.path("usage").path("inputTokens").asLong()).isPositive();
        assertThat(stop.path("usage").path("outputTokens").asLong()).isPositive();
        assertThat(stop.path("usage").path("turns").asLong()).isEqualTo(1);
        assertThat(stop.path("usage").has("durationMs")).isTrue();

        long firstEvent = end.path("timeToFirstEventMs").asLong(-1);
        assertThat(firstEvent).isNotNegative();
        assertThat(end.path("elapsedMs").asLong()).isGreaterThanOrEqualTo(firstEvent);
        assertThat(items.get(0).path("elapsedMs").asLong()).isEqualTo(firstEvent);

        JsonNode stored = call("getSession", "client", "<default>", "sessionId", session);
        assertThat(stored.path("events").get(0).toString())
                .isEqualTo("{\"type\":\"user_input\",\"content\":\"" + Q3 + "\"}");
        assertThat(stored.path("events").size()).isEqualTo(events.size() + 1);
        assertThat(stored.path("lastRun").path("outputTokens").asLong())
                .isEqualTo(stop.path("usage").path("outputTokens").asLong());
        JsonNode listed = call("listSessions", "client", "<default>", "pageSize", 20, "pageToken", "");
        assertThat(listed.path("items").get(0).path("lastRun").path("turns").asLong()).isEqualTo(1);
        // titled as the API reference's example titles it
        assertThat(listed.path("items").get(0).path("title").asText()).isEqualTo("What were the main findings in Q3?...");
    }

    void aTurnTheServiceRefusesEndsWithTheTypedError() {
        String session = newSession("demo-index");
        // Every attempt refused: the 3 POSTs of the turn, and between them the 2 history reads (3 attempts each) that
        // tell a gateway's 503 from the service's.
        call("applyFaults", "faults",
                "{\"failNext\": {\"count\": 9, \"status\": 503, \"headers\": {\"Retry-After-Ms\": \"10\"}}}");

        List<JsonNode> items = rpc().subscribe("streamTurn", params("client", "<default>", "sessionId", session,
                "prompt", Q3)).untilEnd();

        assertThat(items).hasSize(1);
        JsonNode end = items.get(0);
        assertThat(end.path("kind").asText()).isEqualTo("error");
        assertThat(end.path("events").asInt()).isZero();
        assertThat(absent(end.path("timeToFirstEventMs"))).isTrue();
        JsonNode error = end.path("error");
        assertThat(error.path("type").asText()).as(error.toString()).isEqualTo("LlamaCloudServerException");
        assertThat(error.path("status").asInt()).isEqualTo(503);
        assertThat(error.path("requestId").asText()).startsWith("req-");
        assertThat(error.path("message").asText()).contains("503");
        assertThat(error.path("attempts").asInt()).isEqualTo(3);

        call("applyFaults", "faults",
                "{\"failNext\": {\"count\": 3, \"status\": 503, \"headers\": {\"Retry-After-Ms\": \"10\"}}}");
        JsonNode refused = call("getSession", "client", "<default>", "sessionId", session).path("error");
        assertThat(refused.path("status").asInt()).isEqualTo(503);
        assertThat(refused.path("requestId").asText()).startsWith("req-");
    }

    void streamFaultsEndWithTheirTypedErrorsAfterTheEventsThatArrived() {
        String session = newSession("demo-index");
        call("applyFaults", "faults", "{\"cutStreamAfter\": 3}");
        List<JsonNode> cut = rpc().subscribe("streamTurn", params("client", "<default>", "sessionId", session,
                "prompt", Q3)).untilEnd();
        assertThat(cut).hasSize(4);
        // the service has the turn: the page shows that, and what broke the stream
        assertThat(cut.get(3).path("error").path("type").asText()).isEqualTo("LlamaCloudTurnAcceptedException");
        assertThat(cut.get(3).path("error").path("cause").asText()).isEqualTo("LlamaCloudStreamCutOffException");
        assertThat(absent(cut.get(3).path("error").path("status"))).isTrue();
        assertThat(cut.get(3).path("events").asInt()).isEqualTo(3);

        call("applyFaults", "faults", "{\"malformedEventAfter\": 1}");
        List<JsonNode> malformed = rpc().subscribe("streamTurn", params("client", "<default>", "sessionId", session,
                "prompt", Q3)).untilEnd();
        assertThat(malformed).hasSize(2);
        assertThat(malformed.get(1).path("error").path("type").asText()).isEqualTo("LlamaCloudTurnAcceptedException");
        assertThat(malformed.get(1).path("error").path("cause").asText()).isEqualTo("LlamaCloudMalformedEventException");
    }

    void cancellingATurnClosesItsStream() {
        String session = newSession("demo-index");
        // Slow enough that the turn would stream for many seconds if the cancellation did not reach it.
        call("applyFaults", "faults", "{\"eventDelay\": 500}");

        DevUiJsonRpc.Subscription turn = rpc().subscribe("streamTurn", params("client", "<default>", "sessionId",
                session, "prompt", Q3));
        assertThat(turn.next().path("kind").asText()).isEqualTo("event");
        assertThat(call("emulatorStats").path("openStreams").asInt()).isEqualTo(1);
        turn.cancel();

        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        int open = 1;
        while (open > 0 && System.nanoTime() < deadline) {
            open = call("emulatorStats").path("openStreams").asInt();
        }
        assertThat(open).as("streams still open after the cancellation").isZero();
        assertThat(call("emulatorStats").path("streamsStarted").asLong()).isEqualTo(1);
    }

    void generatesTitlesAndDeletesSessions() {
        String session = newSession("");
        JsonNode noMessage = call("generateTitle", "client", "<default>", "sessionId", session, "firstMessage", "");
        assertThat(noMessage.path("error").path("message").asText()).contains("no message yet");

        call("scriptReply", "prompt", "Tell me about the quarterly headcount please", "answer", "It grew.",
                "events", "");
        rpc().subscribe("streamTurn", params("client", "<default>", "sessionId", session, "prompt",
                "Tell me about the quarterly headcount please")).untilEnd();
        JsonNode titled = call("generateTitle", "client", "<default>", "sessionId", session, "firstMessage", "");
        assertThat(titled.path("title").asText()).isEqualTo("Tell me about the quarterly headcount pl...");
        JsonNode renamed = call("generateTitle", "client", "<default>", "sessionId", session, "firstMessage",
                "Headcount review");
        assertThat(renamed.path("title").asText()).isEqualTo("Headcount review...");

        JsonNode deleted = call("deleteSession", "client", "<default>", "sessionId", session);
        assertThat(deleted.path("deleted").asBoolean()).isTrue();
        JsonNode gone = call("getSession", "client", "<default>", "sessionId", session).path("error");
        assertThat(gone.path("type").asText()).isEqualTo("LlamaCloudNotFoundException");
        assertThat(gone.path("status").asInt()).isEqualTo(404);
        assertThat(gone.path("message").asText()).contains("Session not found");
        assertThat(gone.path("requestId").asText()).startsWith("req-");
    }

    void anUnknownClientIsAnError() {
        JsonNode error = call("createSession", "client", "eu", "indexIds", "").path("error");
        assertThat(error.path("type").asText()).isEqualTo("IllegalArgumentException");
        assertThat(error.path("message").asText()).contains("Unknown client eu", "<default>");
        JsonNode streamed = rpc().subscribe("streamTurn", params("client", "eu", "sessionId", "ses-x", "prompt", "Hi"))
                .untilEnd().get(0);
        assertThat(streamed.path("kind").asText()).isEqualTo("error");
        assertThat(streamed.path("error").path("message").asText()).contains("Unknown client eu");
    }

    void emulatorActionsShowAndChangeTheEmulator() {
        JsonNode info = call("emulatorInfo");
        assertThat(info.path("baseUrl").asText()).startsWith("http://127.0.0.1:");
        assertThat(info.path("indexes").get(0).path("indexId").asText()).isEqualTo("demo-index");
        assertThat(info.path("indexes").get(0).path("documentIds").toString()).contains("q3-results");

        JsonNode faults = call("applyFaults", "faults",
                "{\"failNext\": {\"count\": 2, \"status\": 429, \"headers\": {\"Retry-After\": \"7\"}},"
                        + " \"stallStreamAfter\": {\"events\": 2, \"stall\": 1500}, \"keepAliveEvery\": 100}");
        assertThat(faults.path("failNext").path("count").asInt()).isEqualTo(2);
        assertThat(faults.path("failNext").path("headers").path("Retry-After").asText()).isEqualTo("7");
        assertThat(faults.path("stallStreamAfter").path("stall").asLong()).isEqualTo(1500);
        assertThat(faults.path("keepAliveEvery").asLong()).isEqualTo(100);
        assertThat(call("emulatorFaults")).isEqualTo(faults);
        JsonNode refused = call("applyFaults", "faults", "{\"failNext\": {\"count\": 1, \"status\": 700}}");
        assertThat(refused.path("error").path("message").asText()).contains("400");
        JsonNode notJson = call("applyFaults", "faults", "{nope");
        assertThat(notJson.path("error").path("message").asText()).startsWith("Not JSON");
        assertThat(call("clearFaults").path("failNext").path("count").asInt()).isZero();

        String session = newSession("");
        call("scriptReply", "prompt", "Who won?", "answer", "The home team.", "events", "");
        List<JsonNode> scripted = rpc().subscribe("streamTurn", params("client", "<default>", "sessionId", session,
                "prompt", "Who won?")).untilEnd();
        assertThat(scripted).extracting(item -> item.path("event").path("content").asText())
                .startsWith("The ", "home ", "team.", "The home team.");
        call("scriptReply", "prompt", "Events?", "answer", "", "events",
                "[{\"type\": \"thinking\", \"content\": \"Hmm\"}, {\"type\": \"text\", \"content\": \"Yes.\"}]");
        List<JsonNode> raw = rpc().subscribe("streamTurn", params("client", "<default>", "sessionId", session,
                "prompt", "Events?")).untilEnd();
        assertThat(raw).extracting(item -> item.path("event").path("type").asText()).startsWith("thinking", "text",
                "stop");
        assertThat(call("clearScripts").path("cleared").asBoolean()).isTrue();
        List<JsonNode> agent = rpc().subscribe("streamTurn", params("client", "<default>", "sessionId", session,
                "prompt", "Who won?")).untilEnd();
        assertThat(agent.get(0).path("event").path("type").asText()).isEqualTo("thinking_delta");

        JsonNode stats = call("emulatorStats");
        assertThat(stats.path("requests").asLong()).isGreaterThanOrEqualTo(4);
        assertThat(stats.path("streamsStarted").asLong()).isEqualTo(3);
        assertThat(stats.path("openStreams").asInt()).isZero();
        assertThat(stats.path("openConnections").asInt()).isNotNegative();
    }

    void theApiKeyNeverReachesThePage() {
        String session = newSession("demo-index");
        rpc().subscribe("streamTurn", params("client", "<default>", "sessionId", session, "prompt", Q3)).untilEnd();
        call("applyFaults", "faults", "{\"failNext\": {\"count\": 3, \"status\": 401}}");
        call("getSession", "client", "<default>", "sessionId", session);
        call("emulatorInfo");
        call("emulatorFaults");

        assertThat(rpc().received()).isNotEmpty().noneMatch(message -> message.contains("llx-emulator"));

        // The pages' build-time data, the one thing they get other than over JSON-RPC.
        String buildTimeData = DevModeApp.get(dev, "/q/dev-ui/" + DevUiJsonRpc.NAMESPACE + "-data.js");
        assertThat(buildTimeData).contains("emulatorBaseUrl", "http://127.0.0.1:").doesNotContain("llx-emulator");
    }

    void theCardHasTheThreePages() {
        String pages = DevModeApp.get(dev, "/q/dev-ui/devui-data.js");
        assertThat(pages).contains("\"componentName\":\"qwc-llamacloud-chat\"",
                "\"componentName\":\"qwc-llamacloud-sessions\"", "\"componentName\":\"qwc-llamacloud-emulator\"");
        assertThat(DevModeApp.get(dev, "/q/dev-ui/devui-jsonrpc-data.js"))
                .contains(DevUiJsonRpc.NAMESPACE + "_streamTurn", DevUiJsonRpc.NAMESPACE + "_emulatorStats");
    }

    private static String newSession(String indexIds) {
        return call("createSession", "client", "<default>", "indexIds", indexIds).path("sessionId").asText();
    }

    private static JsonNode call(String method, Object... keysAndValues) {
        return rpc().call(method, params(keysAndValues));
    }

    private static Map<String, Object> params(Object... keysAndValues) {
        Map<String, Object> params = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            params.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return params;
    }

    /** The Dev UI leaves {@code null} members out of what it sends; the pages read both as nothing. */
    private static boolean absent(JsonNode value) {
        return value.isMissingNode() || value.isNull();
    }

    private static List<String> ids(JsonNode items) {
        List<String> ids = new ArrayList<>();
        items.forEach(item -> ids.add(item.path("sessionId").asText()));
        return ids;
    }

    private static JsonNode ofType(List<JsonNode> events, String type) {
        return events.stream().filter(event -> event.path("type").asText().equals(type)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " among " + events));
    }
}
