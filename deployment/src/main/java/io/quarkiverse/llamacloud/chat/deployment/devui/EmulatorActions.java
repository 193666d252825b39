package io.quarkiverse.llamacloud.chat.deployment.devui;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkiverse.llamacloud.chat.emulator.EmulatorClient;
import io.quarkus.devui.spi.buildtime.BuildTimeActionBuildItem;

/**
 * The Emulator page's JSON-RPC methods. They run in the build's class loader, where the emulator and its
 * {@link EmulatorClient} are (the application's class loader has neither), and call the admin API off the thread
 * that received the request, since the Dev UI invokes them on its event loop.
 * <p>
 * Results are maps of JDK values, because the Dev UI serializes them with the application's class loader; failures
 * are an {@code error} member with the emulator's refusal, so the page shows why a fault was not applied.
 */
final class EmulatorActions {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Words with the spaces that follow them, so that a scripted answer streams as it would from the agent. */
    private static final Pattern PIECES = Pattern.compile("\\S+\\s*|\\s+");

    private EmulatorActions() {
    }

    static BuildTimeActionBuildItem create(String baseUrl) {
        EmulatorClient emulator = EmulatorClient.at(baseUrl);
        BuildTimeActionBuildItem actions = new BuildTimeActionBuildItem();
        action(actions, "emulatorInfo", "The emulator's base URL and its indexes with their documents",
                params -> info(baseUrl, emulator));
        action(actions, "emulatorStats", "The emulator's counters: requests, open connections and streams",
                params -> stats(emulator.stats()));
        action(actions, "emulatorFaults", "The faults in force in the emulator",
                params -> tree(emulator.faultState()));
        action(actions, "applyFaults",
                "Applies faults given as the emulator's admin JSON, such as {\"failNext\": {\"count\": 1, \"status\": 503}}",
                params -> {
                    emulator.faults((ObjectNode) object(text(params, "faults")));
                    return tree(emulator.faultState());
                });
        action(actions, "clearFaults", "Switches every fault off", params -> {
            emulator.clearFaults();
            return tree(emulator.faultState());
        });
        action(actions, "scriptReply",
                "Makes the emulator answer a prompt with the given text, or with the given JSON events",
                params -> {
                    String prompt = text(params, "prompt");
                    emulator.scriptReply(prompt, scriptEvents(text(params, "answer"), text(params, "events")));
                    return Map.of("scripted", prompt);
                });
        action(actions, "clearScripts", "Removes every scripted reply", params -> {
            emulator.clearScripts();
            return Map.of("cleared", true);
        });
        action(actions, "resetEmulator", "Clears the emulator's sessions, scripts, faults and counters", params -> {
            emulator.reset();
            return Map.of("reset", true);
        });
        return actions;
    }

    private static void action(BuildTimeActionBuildItem actions, String name, String description,
            Function<Map<String, ?>, Object> body) {
        actions.actionBuilder()
                .methodName(name)
                .description(description)
                .function(params -> async(() -> body.apply(params)))
                .build();
    }

    private static CompletionStage<Object> async(Supplier<Object> call) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return call.get();
            } catch (RuntimeException e) {
                Map<String, Object> error = new LinkedHashMap<>();
                error.put("type", e.getClass().getSimpleName());
                error.put("message", String.valueOf(e.getMessage()));
                return Map.of("error", error);
            }
        });
    }

    private static Map<String, Object> info(String baseUrl, EmulatorClient emulator) {
        List<Map<String, Object>> indexes = new ArrayList<>();
        emulator.documents().forEach((indexId, documentIds) -> {
            Map<String, Object> index = new LinkedHashMap<>();
            index.put("indexId", indexId);
            index.put("documentIds", documentIds);
            indexes.add(index);
        });
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("baseUrl", baseUrl);
        info.put("indexes", indexes);
        return info;
    }

    private static Map<String, Object> stats(EmulatorClient.Stats stats) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("requests", stats.requests());
        view.put("openConnections", stats.openConnections());
        view.put("openStreams", stats.openStreams());
        view.put("streamsStarted", stats.streamsStarted());
        return view;
    }

    /**
     * @param answer a plain answer, sent as one {@code text_delta} per word
     * @param events a JSON array of events, used instead when given
     * @return the script's events, as JSON
     */
    static String[] scriptEvents(String answer, String events) {
        if (!events.isBlank()) {
            JsonNode array = parse(events);
            if (!array.isArray() || array.isEmpty()) {
                throw new IllegalArgumentException("events must be a non-empty JSON array of event objects");
            }
            List<String> list = new ArrayList<>();
            array.forEach(event -> list.add(event.toString()));
            return list.toArray(String[]::new);
        }
        if (answer.isEmpty()) {
            throw new IllegalArgumentException("Give an answer or events");
        }
        List<String> deltas = new ArrayList<>();
        Matcher pieces = PIECES.matcher(answer);
        while (pieces.find()) {
            deltas.add(JSON.createObjectNode().put("type", "text_delta").put("content", pieces.group()).toString());
        }
        deltas.add(JSON.createObjectNode().put("type", "text").put("content", answer).toString());
        return deltas.toArray(String[]::new);
    }

    /** The Dev UI hands parameters over as they came in the JSON, whatever the declared map type says. */
    private static String text(Map<String, ?> params, String name) {
        Object value = params.get(name);
        return value == null ? "" : String.valueOf(value);
    }

    private static JsonNode object(String json) {
        JsonNode node = parse(json);
        if (!node.isObject()) {
            throw new IllegalArgumentException("faults must be a JSON object, not " + json);
        }
        return node;
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Not JSON: " + e.getOriginalMessage());
        }
    }

    private static Object tree(JsonNode node) {
        return JSON.convertValue(node, Object.class);
    }
}
