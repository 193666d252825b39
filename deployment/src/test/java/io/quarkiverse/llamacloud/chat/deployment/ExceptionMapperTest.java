package io.quarkiverse.llamacloud.chat.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkiverse.llamacloud.chat.BlockingChatSessions;
import io.quarkiverse.llamacloud.chat.ChatSessions;
import io.quarkiverse.llamacloud.chat.ChatTurn;
import io.quarkiverse.llamacloud.chat.LlamaCloudConflictException;
import io.quarkiverse.llamacloud.chat.SessionSummary;
import io.quarkiverse.llamacloud.chat.emulator.EmulatorClient;
import io.quarkiverse.llamacloud.chat.emulator.LlamaCloudEmulator;
import io.quarkus.maven.dependency.Dependency;
import io.quarkus.test.QuarkusUnitTest;
import io.quarkus.test.common.http.TestHTTPResource;
import io.smallrye.mutiny.Uni;

/**
 * With {@code quarkus.llamacloud.exception-mapper.enabled=true} and Quarkus REST, a LlamaCloud failure that reaches an
 * endpoint answers with the status it means for the caller, as problem details, logged in one line without a stack
 * trace; the application's own mappers still win. LlamaCloud is an emulator on loopback that fails on request.
 */
public class ExceptionMapperTest {

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Endpoints.class, OwnMapper.class, LoopbackLlamaCloud.class))
            .overrideConfigKey("quarkus.llamacloud.base-url", LoopbackLlamaCloud.baseUrl())
            .overrideConfigKey("quarkus.llamacloud.api-key", LlamaCloudEmulator.DEFAULT_API_KEY)
            // One request per call: each fault must reach the endpoint as it was injected.
            .overrideConfigKey("quarkus.llamacloud.max-retries", "0")
            .overrideConfigKey("quarkus.llamacloud.exception-mapper.enabled", "true")
            .overrideConfigKey("quarkus.http.test-port", "0")
            .setForcedDependencies(List.of(Dependency.of("io.quarkus", "quarkus-rest-deployment",
                    io.quarkus.builder.Version.getVersion())));

    /** Endpoints that let LlamaCloud's failures through, as an application's would. */
    @Path("/chat")
    public static class Endpoints {

        @Inject
        ChatSessions chat;

        @Inject
        BlockingChatSessions blocking;

        @POST
        public Uni<String> create() {
            return chat.create(List.of("demo-index")).map(SessionSummary::sessionId);
        }

        @GET
        @Path("/{id}")
        public String summary(@PathParam("id") String id) {
            return blocking.summary(id).sessionId();
        }

        @POST
        @Path("/{id}/turn")
        public Uni<String> ask(@PathParam("id") String id, String question) {
            return chat.ask(id, question).map(ChatTurn::answer);
        }
    }

    /** The application's own mapper for one LlamaCloud exception. */
    public static class OwnMapper {
        @ServerExceptionMapper
        public Response conflict(LlamaCloudConflictException e) {
            return Response.status(418).entity("the application's own answer").build();
        }
    }

    @TestHTTPResource("/chat")
    URI chat;

    EmulatorClient emulator;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    final ObjectMapper json = new ObjectMapper();
    final List<LogRecord> logged = new CopyOnWriteArrayList<>();
    final Handler collector = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                logged.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void collect() {
        emulator = EmulatorClient.at(LoopbackLlamaCloud.baseUrl()).reset();
        logged.clear();
        Logger.getLogger("").addHandler(collector);
    }

    @AfterEach
    void stopCollecting() {
        Logger.getLogger("").removeHandler(collector);
    }

    @Test
    void anUnavailableServiceIs503WithItsRetryAfterAndOneWarning() throws Exception {
        emulator.failNext(1, 503, Map.of("Retry-After", "7"));

        HttpResponse<String> response = post(chat, "");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.headers().firstValue("Retry-After")).hasValue("7");
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.path("status").asInt()).isEqualTo(503);
        assertThat(problem.path("title").asText()).isEqualTo("LlamaCloud is unavailable, try again later");
        assertThat(problem.path("llamacloudStatus").asInt()).isEqualTo(503);
        assertThat(problem.path("requestId").asText()).startsWith("req-");
        assertThat(problem.has("detail")).isFalse();
        assertOneLine(Level.WARNING, "LlamaCloud failure answered with HTTP 503: LlamaCloud answered HTTP 503");
    }

    @Test
    void aRateLimitIs503WithTheWaitInWholeSeconds() throws Exception {
        emulator.failNext(1, 429, Map.of("Retry-After-Ms", "1500"));

        HttpResponse<String> response = post(chat, "");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("2");
    }

    @Test
    void aRejectedKeyIs502ForTheCallerAndAnErrorForTheOperator() throws Exception {
        emulator.failNext(1, 401, Map.of());

        HttpResponse<String> response = post(chat, "");

        assertThat(response.statusCode()).isEqualTo(502);
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.path("title").asText()).isEqualTo("LlamaCloud rejected the application's credentials");
        assertThat(problem.has("detail")).isFalse();
        assertThat(response.body()).doesNotContain(LlamaCloudEmulator.DEFAULT_API_KEY);
        assertOneLine(Level.SEVERE, "LlamaCloud failure answered with HTTP 502: LlamaCloud answered HTTP 401");
        assertThat(logged.get(0).getMessage()).endsWith("(check quarkus.llamacloud.api-key)")
                .doesNotContain(LlamaCloudEmulator.DEFAULT_API_KEY);
    }

    @Test
    void anUnknownSessionIs404WithLlamaCloudsMessage() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(chat + "/ses-unknown")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json.readTree(response.body()).path("detail").asText()).isEqualTo("Session not found");
        // The caller's mistake is no warning of the application's.
        assertThat(logged).isEmpty();
    }

    @Test
    void aQuestionLlamaCloudRejectsKeeps422AndItsMessage() throws Exception {
        String session = post(chat, "").body();

        HttpResponse<String> response = post(URI.create(chat + "/" + session + "/turn"), "x".repeat(1001));

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(json.readTree(response.body()).path("detail").asText()).contains("at most 1000 characters");
        assertThat(logged).isEmpty();
    }

    @Test
    void aFailedTurnIs502WithTheServicesError() throws Exception {
        String session = post(chat, "").body();
        emulator.failTurn("Model overloaded");

        HttpResponse<String> response = post(URI.create(chat + "/" + session + "/turn"), "Q3?");

        assertThat(response.statusCode()).isEqualTo(502);
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.path("title").asText()).isEqualTo("LlamaCloud could not answer");
        assertThat(problem.path("detail").asText()).isEqualTo("Model overloaded");
    }

    @Test
    void anUnreachableServiceIs502() throws Exception {
        emulator.resetConnectionNext(1);

        HttpResponse<String> response = post(chat, "");

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(json.readTree(response.body()).path("title").asText()).isEqualTo("LlamaCloud could not be reached");
        assertOneLine(Level.WARNING, "LlamaCloud failure answered with HTTP 502: ");
    }

    @Test
    void theApplicationsOwnMapperWins() throws Exception {
        emulator.failNext(1, 409, Map.of());

        HttpResponse<String> response = post(chat, "");

        assertThat(response.statusCode()).isEqualTo(418);
        assertThat(response.body()).isEqualTo("the application's own answer");
    }

    private HttpResponse<String> post(URI uri, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private void assertOneLine(Level level, String start) {
        assertThat(logged).hasSize(1);
        LogRecord record = logged.get(0);
        assertThat(record.getLevel()).isEqualTo(level);
        assertThat(record.getMessage()).startsWith(start);
        assertThat(record.getThrown()).as("a stack trace").isNull();
    }
}
