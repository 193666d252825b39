package io.quarkiverse.llamacloud.chat.benchmarks;

import java.util.List;

import io.quarkiverse.llamacloud.chat.ChatSessions;
import io.vertx.core.Vertx;

/** Creates the clients under test by name. */
final class Clients {

    static final List<String> NAMES = List.of("ours", "raw", "peer");

    private Clients() {
    }

    static BenchClient create(String name, ChatSessions chat, Vertx vertx, String baseUrl, String apiKey) {
        return switch (name) {
            case "ours" -> new OursClient(chat);
            case "raw" -> new RawVertxClient(vertx, baseUrl, apiKey);
            case "peer" -> new OkHttpSseClient(baseUrl, apiKey);
            default -> throw new IllegalArgumentException("No client " + name + ": ours, raw or peer");
        };
    }
}
