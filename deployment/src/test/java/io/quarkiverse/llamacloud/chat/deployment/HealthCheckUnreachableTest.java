package io.quarkiverse.llamacloud.chat.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.maven.dependency.Dependency;
import io.quarkus.test.QuarkusUnitTest;
import io.vertx.core.json.JsonObject;

/**
 * Readiness is DOWN when nothing answers at the base URL (a stopped service), with the I/O failure named.
 */
public class HealthCheckUnreachableTest {

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest()
            .withEmptyApplication()
            .overrideConfigKey("quarkus.llamacloud.base-url", "http://127.0.0.1:" + closedPort())
            .overrideConfigKey("quarkus.llamacloud.api-key", "llx-test-key")
            .overrideConfigKey("quarkus.llamacloud.max-retries", "0")
            .overrideConfigKey("quarkus.llamacloud.health.enabled", "true")
            .setForcedDependencies(List.of(Dependency.of("io.quarkus", "quarkus-smallrye-health-deployment",
                    io.quarkus.builder.Version.getVersion())));

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    @Test
    void downWhenTheServiceIsStopped() throws Exception {
        HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/q/health/ready")).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonObject health = new JsonObject(response.body());

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(health.getString("status")).isEqualTo("DOWN");
        assertThat(health.getJsonArray("checks").getJsonObject(0).getJsonObject("data").getString("default"))
                .isEqualTo("DOWN: LlamaCloudIoException");
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
