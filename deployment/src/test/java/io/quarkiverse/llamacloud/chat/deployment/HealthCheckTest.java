package io.quarkiverse.llamacloud.chat.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.llamacloud.chat.emulator.EmulatorClient;
import io.quarkus.maven.dependency.Dependency;
import io.quarkus.test.QuarkusUnitTest;
import io.vertx.core.json.JsonObject;

/**
 * With {@code quarkus-smallrye-health} and {@code quarkus.llamacloud.health.enabled=true}, readiness reports DOWN
 * when LlamaCloud rejects the key, UP when it answers, and reuses a result instead of calling on every probe.
 */
public class HealthCheckTest {

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest()
            .withEmptyApplication()
            .overrideConfigKey("quarkus.llamacloud.health.enabled", "true")
            .setForcedDependencies(List.of(Dependency.of("io.quarkus", "quarkus-smallrye-health-deployment",
                    io.quarkus.builder.Version.getVersion())));

    @ConfigProperty(name = "quarkus.llamacloud.base-url")
    String llamaCloud;

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    @Test
    void downOnARejectedKeyThenCached() throws Exception {
        EmulatorClient emulator = EmulatorClient.at(llamaCloud).reset().failNext(1, 401);

        JsonObject first = ready();
        assertThat(first.getString("status")).isEqualTo("DOWN");
        JsonObject check = first.getJsonArray("checks").getJsonObject(0);
        assertThat(check.getString("name")).isEqualTo("LlamaCloud Chat");
        // one entry per client: the default one here
        assertThat(check.getJsonObject("data").getString("default"))
                .startsWith("DOWN: LlamaCloudUnauthorizedException, status 401, request req-");

        long requests = emulator.stats().requests();
        assertThat(ready().getString("status")).as("cached for 30 s").isEqualTo("DOWN");
        assertThat(emulator.stats().requests()).isEqualTo(requests);
    }

    private JsonObject ready() throws Exception {
        HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/q/health/ready")).build(),
                HttpResponse.BodyHandlers.ofString());
        return new JsonObject(response.body());
    }
}
