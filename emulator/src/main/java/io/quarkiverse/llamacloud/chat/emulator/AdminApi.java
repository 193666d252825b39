package io.quarkiverse.llamacloud.chat.emulator;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/**
 * The admin API, {@code /_emulator/...}: no API key, not counted, never faulted. Errors answer
 * {@code 400 {"detail": "..."}}.
 */
final class AdminApi {

    static final String BASE = "/_emulator";

    private final LlamaCloudEmulator emulator;

    AdminApi(LlamaCloudEmulator emulator) {
        this.emulator = emulator;
    }

    void handle(HttpServerRequest request, Buffer body) {
        HttpServerResponse response = request.response();
        String path = request.path();
        HttpMethod method = request.method();
        try {
            switch (path) {
                case BASE:
                case BASE + "/health":
                    if (method != HttpMethod.GET) {
                        notAllowed(response);
                        return;
                    }
                    ObjectNode health = Json.object();
                    health.put("status", "UP");
                    health.put("baseUrl", emulator.baseUrl());
                    Json.send(response, 200, health);
                    return;
                case BASE + "/faults":
                    if (method == HttpMethod.GET) {
                        Json.send(response, 200, emulator.faults().toJson());
                    } else if (method == HttpMethod.POST) {
                        emulator.faults().apply(json(body));
                        Json.send(response, 200, emulator.faults().toJson());
                    } else if (method == HttpMethod.DELETE) {
                        emulator.faults().clear();
                        Json.sendNoContent(response);
                    } else {
                        notAllowed(response);
                    }
                    return;
                case BASE + "/stats":
                    if (method != HttpMethod.GET) {
                        notAllowed(response);
                        return;
                    }
                    Json.send(response, 200,
                            emulator.stats().toJson(Query.param(request.query(), "method"),
                                    Query.param(request.query(), "pathPrefix")));
                    return;
                case BASE + "/scripts":
                    if (method == HttpMethod.POST) {
                        JsonNode json = json(body);
                        String prompt = requiredText(json, "prompt");
                        JsonNode events = json.get("events");
                        if (events == null || !events.isArray()) {
                            throw new IllegalArgumentException("events must be an array of JSON objects");
                        }
                        List<String> eventJson = new ArrayList<>();
                        for (JsonNode event : events) {
                            eventJson.add(event.isTextual() ? event.asText() : Json.write(event));
                        }
                        emulator.scriptReply(prompt, eventJson);
                        Json.sendNoContent(response);
                    } else if (method == HttpMethod.DELETE) {
                        emulator.clearScripts();
                        Json.sendNoContent(response);
                    } else {
                        notAllowed(response);
                    }
                    return;
                case BASE + "/documents":
                    if (method == HttpMethod.POST) {
                        JsonNode json = json(body);
                        emulator.addDocument(requiredText(json, "index_id"), requiredText(json, "document_id"),
                                requiredText(json, "text"));
                        Json.sendNoContent(response);
                    } else if (method == HttpMethod.GET) {
                        ObjectNode indexes = Json.object();
                        ArrayNode list = indexes.putArray("indexes");
                        emulator.corpus().describe().forEach((id, documents) -> {
                            ObjectNode index = list.addObject();
                            index.put("index_id", id);
                            index.set("document_ids", Json.strings(documents));
                        });
                        Json.send(response, 200, indexes);
                    } else {
                        notAllowed(response);
                    }
                    return;
                case BASE + "/reset":
                    if (method != HttpMethod.POST) {
                        notAllowed(response);
                        return;
                    }
                    emulator.reset();
                    Json.sendNoContent(response);
                    return;
                default:
                    Json.sendDetail(response, 404, "Not Found");
            }
        } catch (IllegalArgumentException | NullPointerException e) {
            Json.sendDetail(response, 400, String.valueOf(e.getMessage()));
        }
    }

    private static void notAllowed(HttpServerResponse response) {
        Json.sendDetail(response, 405, "Method Not Allowed");
    }

    private static JsonNode json(Buffer body) {
        String text = body == null ? "" : body.toString(StandardCharsets.UTF_8);
        if (text.isBlank()) {
            throw new IllegalArgumentException("A JSON body is required");
        }
        try {
            JsonNode json = Json.parse(text);
            if (!json.isObject()) {
                throw new IllegalArgumentException("The body must be a JSON object");
            }
            return json;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Malformed JSON: " + e.getOriginalMessage());
        }
    }

    private static String requiredText(JsonNode json, String field) {
        JsonNode value = json.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException(field + " is required and must be a string");
        }
        return value.asText();
    }
}
