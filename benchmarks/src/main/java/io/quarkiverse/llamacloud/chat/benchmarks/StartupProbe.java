package io.quarkiverse.llamacloud.chat.benchmarks;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * A bare {@code main} with one client, the start-up reference: creates a session (prints {@code CALL}), streams one
 * turn (prints {@code TURN}), then waits to be killed. Arguments: {@code raw|peer baseUrl apiKey prompt}.
 */
public final class StartupProbe {

    private StartupProbe() {
    }

    public static void main(String[] args) {
        try {
            run(args);
        } catch (Throwable e) {
            e.printStackTrace(System.out);
            System.exit(1);
        }
    }

    private static void run(String[] args) throws Exception {
        String client = args[0];
        String baseUrl = args[1];
        String apiKey = args[2];
        String prompt = args[3];
        BenchClient streams;
        String session;
        if (client.equals("raw")) {
            Vertx vertx = Vertx.vertx();
            HttpClient http = vertx.createHttpClient();
            CompletableFuture<String> created = new CompletableFuture<>();
            http.request(new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(baseUrl + "/api/v1/chat")
                    .putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + apiKey)
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/json"))
                    .compose(request -> request.send("{\"index_ids\":[\"demo-index\"]}"))
                    .compose(HttpClientResponse::body)
                    .onSuccess(body -> created.complete(Json.parse(body.toString()).path("session_id").asText()))
                    .onFailure(created::completeExceptionally);
            session = created.get(30, TimeUnit.SECONDS);
            streams = new RawVertxClient(vertx, baseUrl, apiKey);
        } else {
            OkHttpClient http = new OkHttpClient();
            Request request = new Request.Builder().url(baseUrl + "/api/v1/chat")
                    .header("Authorization", "Bearer " + apiKey)
                    .post(RequestBody.create("{\"index_ids\":[\"demo-index\"]}", MediaType.get("application/json")))
                    .build();
            try (Response response = http.newCall(request).execute()) {
                if (response.code() != 200) {
                    throw new IOException("create: " + response.code());
                }
                session = Json.parse(response.body().string()).path("session_id").asText();
            }
            streams = new OkHttpSseClient(baseUrl, apiKey);
        }
        System.out.println("CALL");
        System.out.flush();
        Sinks.Counting turn = new Sinks.Counting();
        streams.open(session, prompt, turn);
        turn.await(30, "turn");
        System.out.println("TURN");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
