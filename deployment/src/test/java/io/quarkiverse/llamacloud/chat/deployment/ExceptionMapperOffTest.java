package io.quarkiverse.llamacloud.chat.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.llamacloud.chat.ChatSessions;
import io.quarkiverse.llamacloud.chat.SessionSummary;
import io.quarkiverse.llamacloud.chat.emulator.EmulatorClient;
import io.quarkiverse.llamacloud.chat.emulator.LlamaCloudEmulator;
import io.quarkus.maven.dependency.Dependency;
import io.quarkus.test.QuarkusUnitTest;
import io.quarkus.test.common.http.TestHTTPResource;
import io.smallrye.mutiny.Uni;

/**
 * The exception mapper is opt-in: by default an application's endpoints answer LlamaCloud failures as Quarkus answers
 * any exception, and nothing of the extension's is registered with Quarkus REST.
 */
public class ExceptionMapperOffTest {

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Endpoint.class, LoopbackLlamaCloud.class))
            .overrideConfigKey("quarkus.llamacloud.base-url", LoopbackLlamaCloud.baseUrl())
            .overrideConfigKey("quarkus.llamacloud.api-key", LlamaCloudEmulator.DEFAULT_API_KEY)
            .overrideConfigKey("quarkus.llamacloud.max-retries", "0")
            .overrideConfigKey("quarkus.http.test-port", "0")
            .setForcedDependencies(List.of(Dependency.of("io.quarkus", "quarkus-rest-deployment",
                    io.quarkus.builder.Version.getVersion())));

    /** An endpoint that lets LlamaCloud's failures through. */
    @Path("/chat")
    public static class Endpoint {

        @Inject
        ChatSessions chat;

        @POST
        public Uni<String> create() {
            return chat.create(List.of("demo-index")).map(SessionSummary::sessionId);
        }
    }

    @TestHTTPResource("/chat")
    URI chat;

    @Test
    void aFailureIsAPlain500() throws Exception {
        EmulatorClient.at(LoopbackLlamaCloud.baseUrl()).reset().failNext(1, 503, Map.of());

        HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                HttpRequest.newBuilder(chat).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).doesNotContain("problem+json");
    }
}
