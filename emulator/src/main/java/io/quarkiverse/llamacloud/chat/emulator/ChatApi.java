package io.quarkiverse.llamacloud.chat.emulator;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/**
 * The Chat API, {@code /api/v1/chat...}, with FastAPI's behaviour: route (404/405), then authentication (401), then
 * request validation (422), then the handler (404 for an unknown session, 400 for a locked index set).
 */
final class ChatApi {

    static final String BASE = "/api/v1/chat";
    static final int MAX_PROMPT_CHARACTERS = 1000;
    static final int MAX_INDEXES = 10;
    static final int DEFAULT_PAGE_SIZE = 20;
    static final int MAX_PAGE_SIZE = 100;

    private final Vertx vertx;
    private final String apiKey;
    private final ChatStore store;
    private final Corpus corpus;
    private final Map<String, List<ObjectNode>> scripts;
    private final EmulatorFaults faults;
    private final EmulatorStats stats;
    private final TurnResponder.StreamCount streamCount;
    private volatile TurnResponder responder;

    ChatApi(Vertx vertx, String apiKey, ChatStore store, Corpus corpus, Map<String, List<ObjectNode>> scripts,
            EmulatorFaults faults, EmulatorStats stats) {
        this.vertx = vertx;
        this.apiKey = apiKey;
        this.store = store;
        this.corpus = corpus;
        this.scripts = scripts;
        this.faults = faults;
        this.stats = stats;
        this.streamCount = new TurnResponder.StreamCount() {
            @Override
            public void opened() {
                stats.streamOpened();
            }

            @Override
            public void closed() {
                stats.streamClosed();
            }
        };
    }

    /** Sets the custom responder asked before the agent, or none with {@code null}. */
    void respondWith(TurnResponder responder) {
        this.responder = responder;
    }

    /**
     * Handles a request whose body has been read and whose request faults have been applied.
     *
     * @param streamHeadDelay how long a turn's response head waits (the latency fault); the turn is recorded at once
     * @param drawn the turn's chaos draw, {@link Chaos.Fault#NONE} for other requests
     */
    void handle(HttpServerRequest request, Buffer body, long startNanos, Duration streamHeadDelay, Chaos.Fault drawn) {
        HttpServerResponse response = request.response();
        String path = request.path();
        HttpMethod method = request.method();
        if (!path.equals(BASE) && !path.startsWith(BASE + "/")) {
            Json.sendDetail(response, 404, "Not Found");
            return;
        }
        List<String> segments = new ArrayList<>();
        if (path.length() > BASE.length() + 1) {
            for (String segment : path.substring(BASE.length() + 1).split("/", -1)) {
                segments.add(segment);
            }
        } else if (path.length() == BASE.length() + 1) {
            segments.add("");
        }
        if (segments.stream().anyMatch(String::isEmpty)) {
            Json.sendDetail(response, 404, "Not Found");
            return;
        }
        Route route = route(segments, method);
        if (route == null) {
            Json.sendDetail(response, 404, "Not Found");
            return;
        }
        if (route == Route.METHOD_NOT_ALLOWED) {
            Json.sendDetail(response, 405, "Method Not Allowed");
            return;
        }
        if (!authorized(request)) {
            Json.sendDetail(response, 401, "Invalid or missing API key");
            return;
        }
        String project = Query.param(request.query(), "project_id");
        if (project == null) {
            project = ChatStore.DEFAULT_PROJECT;
        }
        String sessionId = segments.isEmpty() ? null : decode(segments.get(0));
        switch (route) {
            case LIST:
                list(request, project);
                break;
            case CREATE:
                create(request, body, project);
                break;
            case GET:
                withSession(response, project, sessionId, session -> Json.send(response, 200, session.fullJson()));
                break;
            case DELETE:
                if (store.delete(project, sessionId)) {
                    Json.sendNoContent(response);
                } else {
                    Json.sendDetail(response, 404, "Session not found");
                }
                break;
            case SUMMARY:
                withSession(response, project, sessionId, session -> Json.send(response, 200, session.summaryJson()));
                break;
            case TITLE:
                title(request, body, project, sessionId);
                break;
            case STREAM:
                stream(request, body, project, sessionId, startNanos, streamHeadDelay, drawn);
                break;
            default:
                Json.sendDetail(response, 404, "Not Found");
        }
    }

    private enum Route {
        LIST,
        CREATE,
        GET,
        DELETE,
        SUMMARY,
        TITLE,
        STREAM,
        METHOD_NOT_ALLOWED
    }

    private static Route route(List<String> segments, HttpMethod method) {
        if (segments.isEmpty()) {
            return method == HttpMethod.GET ? Route.LIST
                    : method == HttpMethod.POST ? Route.CREATE : Route.METHOD_NOT_ALLOWED;
        }
        if (segments.size() == 1) {
            return method == HttpMethod.GET ? Route.GET
                    : method == HttpMethod.DELETE ? Route.DELETE : Route.METHOD_NOT_ALLOWED;
        }
        if (segments.size() == 2 && segments.get(1).equals("summary")) {
            return method == HttpMethod.GET ? Route.SUMMARY : Route.METHOD_NOT_ALLOWED;
        }
        if (segments.size() == 2 && segments.get(1).equals("title")) {
            return method == HttpMethod.POST ? Route.TITLE : Route.METHOD_NOT_ALLOWED;
        }
        if (segments.size() == 3 && segments.get(1).equals("messages") && segments.get(2).equals("stream")) {
            return method == HttpMethod.POST ? Route.STREAM : Route.METHOD_NOT_ALLOWED;
        }
        return null;
    }

    private boolean authorized(HttpServerRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null) {
            return false;
        }
        String value = header.strip();
        int space = value.indexOf(' ');
        return space > 0 && value.substring(0, space).equalsIgnoreCase("Bearer")
                && value.substring(space + 1).strip().equals(apiKey);
    }

    // ---- endpoints

    private void list(HttpServerRequest request, String project) {
        HttpServerResponse response = request.response();
        List<ObjectNode> errors = new ArrayList<>();
        int pageSize = DEFAULT_PAGE_SIZE;
        String pageSizeParam = Query.param(request.query(), "page_size");
        if (pageSizeParam != null) {
            try {
                pageSize = Integer.parseInt(pageSizeParam.strip());
                if (pageSize < 1) {
                    errors.add(error("greater_than_equal", List.of("query", "page_size"),
                            "Input should be greater than or equal to 1", Json.MAPPER.valueToTree(pageSizeParam),
                            ctx("ge", 1)));
                } else if (pageSize > MAX_PAGE_SIZE) {
                    errors.add(error("less_than_equal", List.of("query", "page_size"),
                            "Input should be less than or equal to " + MAX_PAGE_SIZE,
                            Json.MAPPER.valueToTree(pageSizeParam), ctx("le", MAX_PAGE_SIZE)));
                }
            } catch (NumberFormatException e) {
                errors.add(error("int_parsing", List.of("query", "page_size"),
                        "Input should be a valid integer, unable to parse string as an integer",
                        Json.MAPPER.valueToTree(pageSizeParam), null));
            }
        }
        if (!errors.isEmpty()) {
            sendValidationErrors(response, errors);
            return;
        }
        Long after = null;
        String token = Query.param(request.query(), "page_token");
        if (token != null && !token.isEmpty()) {
            after = decodePageToken(token);
            if (after == null) {
                Json.sendDetail(response, 400, "Invalid page token");
                return;
            }
        }
        ChatStore.Page page = store.list(project, pageSize, after);
        ObjectNode json = Json.object();
        ArrayNode items = json.putArray("items");
        page.sessions().forEach(session -> items.add(session.summaryJson()));
        json.put("next_page_token", page.nextAfter() == null ? null : encodePageToken(page.nextAfter()));
        Json.send(response, 200, json);
    }

    private void create(HttpServerRequest request, Buffer body, String project) {
        List<ObjectNode> errors = new ArrayList<>();
        JsonNode json = parseBody(body, false, errors);
        List<String> indexIds = null;
        if (errors.isEmpty() && json != null) {
            indexIds = indexIds(json, errors);
        }
        if (!errors.isEmpty()) {
            sendValidationErrors(request.response(), errors);
            return;
        }
        // An empty list binds nothing: the session is unbound, and says so with null, as after a first turn with [].
        ChatStore.Session session = store.create(project,
                indexIds == null || indexIds.isEmpty() ? null : distinct(indexIds));
        Json.send(request.response(), 200, session.summaryJson());
    }

    private void title(HttpServerRequest request, Buffer body, String project, String sessionId) {
        List<ObjectNode> errors = new ArrayList<>();
        JsonNode json = parseBody(body, true, errors);
        String firstMessage = null;
        if (errors.isEmpty()) {
            firstMessage = requiredString(json, "first_message", Integer.MAX_VALUE, errors);
        }
        if (!errors.isEmpty()) {
            sendValidationErrors(request.response(), errors);
            return;
        }
        String message = firstMessage;
        withSession(request.response(), project, sessionId, session -> {
            session.setTitle(message);
            Json.send(request.response(), 200, session.summaryJson());
        });
    }

    private void stream(HttpServerRequest request, Buffer body, String project, String sessionId, long startNanos,
            Duration headDelay, Chaos.Fault drawn) {
        HttpServerResponse response = request.response();
        List<ObjectNode> errors = new ArrayList<>();
        JsonNode json = parseBody(body, true, errors);
        String prompt = null;
        List<String> requested = null;
        boolean requireAll = false;
        if (errors.isEmpty()) {
            prompt = requiredString(json, "prompt", MAX_PROMPT_CHARACTERS, errors);
            requested = requiredIndexIds(json, errors);
            JsonNode requireAllNode = json.get("require_all_indexes");
            if (requireAllNode != null && !requireAllNode.isNull()) {
                if (requireAllNode.isBoolean()) {
                    requireAll = requireAllNode.booleanValue();
                } else {
                    errors.add(error("bool_type", List.of("body", "require_all_indexes"),
                            "Input should be a valid boolean", requireAllNode, null));
                }
            }
        }
        if (!errors.isEmpty()) {
            sendValidationErrors(response, errors);
            return;
        }
        ChatStore.Session session = store.find(project, sessionId);
        if (session == null) {
            Json.sendDetail(response, 404, "Session not found");
            return;
        }
        TurnResponder custom = responder;
        if (custom != null && custom.respond(new TurnResponder.Turn(sessionId, prompt, vertx, response, startNanos,
                streamCount))) {
            return;
        }
        List<String> turnIndexes = session.beginTurn(prompt, requested == null ? null : distinct(requested));
        if (turnIndexes == null) {
            Json.sendDetail(response, 400, "Index set is locked for this session");
            return;
        }
        List<String> available = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (String indexId : turnIndexes) {
            (corpus.exists(indexId) ? available : skipped).add(indexId);
        }
        List<ObjectNode> script = scripts.get(prompt);
        Agent.Plan plan = script != null
                ? Agent.scripted(prompt, script, skipped)
                : Agent.answer(prompt, turnIndexes, available, skipped, requireAll, corpus, session);
        EmulatorFaults.StreamFaults streamFaults = faults.takeStreamFaults(drawn, plan.events().size());
        if (streamFaults.failTurn() != null) {
            plan = Agent.failed(plan, streamFaults.failTurn(), prompt);
        }
        if (streamFaults.unknownType() != null) {
            plan = Agent.withUnknownEvent(plan, streamFaults.unknownType());
        }
        int gatewayError = faults.takeErrorAfterRecording();
        if (gatewayError > 0) {
            plan.events().forEach(session::record); // the service ran the turn; only its answer was lost
            Json.sendDetail(response, gatewayError,
                    HttpResponseStatus.valueOf(gatewayError).reasonPhrase() + " (emulated fault, after the turn)");
            return;
        }
        new TurnStream(vertx, request, session, plan, streamFaults, stats, startNanos).start(headDelay);
    }

    private void withSession(HttpServerResponse response, String project, String sessionId,
            java.util.function.Consumer<ChatStore.Session> action) {
        ChatStore.Session session = store.find(project, sessionId);
        if (session == null) {
            Json.sendDetail(response, 404, "Session not found");
        } else {
            action.accept(session);
        }
    }

    // ---- validation, pydantic v2 style

    /** @return the body as JSON, {@code null} if empty and not required; errors for malformed or missing bodies */
    private static JsonNode parseBody(Buffer body, boolean required, List<ObjectNode> errors) {
        String text = body == null ? "" : body.toString(StandardCharsets.UTF_8);
        if (text.isBlank()) {
            if (required) {
                errors.add(error("missing", List.of("body"), "Field required", null, null));
            }
            return null;
        }
        JsonNode json;
        try {
            json = Json.parse(text);
        } catch (JsonProcessingException e) {
            long position = e.getLocation() == null ? 0 : Math.max(0, e.getLocation().getCharOffset());
            ObjectNode decodeError = error("json_invalid", List.of("body", position), "JSON decode error",
                    Json.object(), ctx("error", e.getOriginalMessage()));
            errors.add(decodeError);
            return null;
        }
        if (json == null || json.isNull()) {
            if (required) {
                errors.add(error("missing", List.of("body"), "Field required", null, null));
            }
            return null;
        }
        if (!json.isObject()) {
            errors.add(error("model_attributes_type", List.of("body"),
                    "Input should be a valid dictionary or object to extract fields from", json, null));
            return null;
        }
        return json;
    }

    private static String requiredString(JsonNode json, String field, int maxCharacters, List<ObjectNode> errors) {
        JsonNode value = json.get(field);
        if (value == null) {
            errors.add(error("missing", List.of("body", field), "Field required", json, null));
            return null;
        }
        if (!value.isTextual()) {
            errors.add(error("string_type", List.of("body", field), "Input should be a valid string", value, null));
            return null;
        }
        String text = value.asText();
        int length = Json.codePoints(text);
        if (length < 1) {
            errors.add(error("string_too_short", List.of("body", field), "String should have at least 1 character",
                    value, ctx("min_length", 1)));
            return null;
        }
        if (length > maxCharacters) {
            errors.add(error("string_too_long", List.of("body", field),
                    "String should have at most " + maxCharacters + " characters", value,
                    ctx("max_length", maxCharacters)));
            return null;
        }
        return text;
    }

    /**
     * A turn's {@code index_ids}: required and not nullable, as LlamaCloud's SDKs declare the call
     * ({@code ChatStreamParams.index_ids: Array<string>}).
     *
     * @return the ids, {@code null} after an error
     */
    private static List<String> requiredIndexIds(JsonNode json, List<ObjectNode> errors) {
        JsonNode value = json.get("index_ids");
        if (value == null) {
            errors.add(error("missing", List.of("body", "index_ids"), "Field required", json, null));
            return null;
        }
        if (value.isNull()) {
            errors.add(error("list_type", List.of("body", "index_ids"), "Input should be a valid list", value, null));
            return null;
        }
        return indexIds(json, errors);
    }

    /** @return the body's {@code index_ids}, {@code null} when absent or null */
    private static List<String> indexIds(JsonNode json, List<ObjectNode> errors) {
        JsonNode value = json.get("index_ids");
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isArray()) {
            errors.add(error("list_type", List.of("body", "index_ids"), "Input should be a valid list", value, null));
            return null;
        }
        List<String> ids = new ArrayList<>();
        boolean valid = true;
        for (int i = 0; i < value.size(); i++) {
            JsonNode id = value.get(i);
            if (!id.isTextual()) {
                errors.add(error("string_type", List.of("body", "index_ids", i), "Input should be a valid string", id,
                        null));
                valid = false;
            } else {
                ids.add(id.asText());
            }
        }
        if (value.size() > MAX_INDEXES) {
            ObjectNode context = Json.object();
            context.put("field_type", "List");
            context.put("max_length", MAX_INDEXES);
            context.put("actual_length", value.size());
            errors.add(error("too_long", List.of("body", "index_ids"),
                    "List should have at most " + MAX_INDEXES + " items after validation, not " + value.size(), value,
                    context));
            valid = false;
        }
        return valid ? ids : null;
    }

    private static ObjectNode error(String type, List<Object> location, String message, JsonNode input,
            ObjectNode context) {
        ObjectNode error = Json.object();
        error.put("type", type);
        ArrayNode loc = error.putArray("loc");
        for (Object part : location) {
            if (part instanceof Number) {
                loc.add(((Number) part).longValue());
            } else {
                loc.add(String.valueOf(part));
            }
        }
        error.put("msg", message);
        error.set("input", input == null ? Json.MAPPER.nullNode() : input);
        if (context != null) {
            error.set("ctx", context);
        }
        return error;
    }

    private static ObjectNode ctx(String name, Object value) {
        ObjectNode context = Json.object();
        context.set(name, Json.MAPPER.valueToTree(value));
        return context;
    }

    private static void sendValidationErrors(HttpServerResponse response, List<ObjectNode> errors) {
        ObjectNode body = Json.object();
        ArrayNode detail = body.putArray("detail");
        errors.forEach(detail::add);
        Json.send(response, 422, body);
    }

    // ---- helpers

    private static List<String> distinct(List<String> ids) {
        return new ArrayList<>(new LinkedHashSet<>(ids));
    }

    static String encodePageToken(long sequence) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("after:" + sequence).getBytes(StandardCharsets.UTF_8));
    }

    static Long decodePageToken(String token) {
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (!decoded.startsWith("after:")) {
                return null;
            }
            return Long.parseLong(decoded.substring("after:".length()));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Percent-decodes a path segment ({@code +} stays a plus). */
    static String decode(String segment) {
        if (segment.indexOf('%') < 0) {
            return segment;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int i = 0;
        while (i < segment.length()) {
            if (segment.charAt(i) == '%' && i + 2 < segment.length()) {
                int high = Character.digit(segment.charAt(i + 1), 16);
                int low = Character.digit(segment.charAt(i + 2), 16);
                if (high >= 0 && low >= 0) {
                    bytes.write(high * 16 + low);
                    i += 3;
                    continue;
                }
            }
            int codePoint = segment.codePointAt(i);
            byte[] raw = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8);
            bytes.write(raw, 0, raw.length);
            i += Character.charCount(codePoint);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
