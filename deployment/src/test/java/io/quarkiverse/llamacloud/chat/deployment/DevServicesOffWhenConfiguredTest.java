package io.quarkiverse.llamacloud.chat.deployment;

import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.github.tomakehurst.wiremock.client.WireMock;

import io.quarkiverse.llamacloud.chat.ChatSessions;
import io.quarkus.test.QuarkusUnitTest;

/**
 * A configured base URL keeps Dev Services off: requests go where the user pointed them.
 */
public class DevServicesOffWhenConfiguredTest {

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest()
            .withEmptyApplication()
            .withApplicationRoot(jar -> jar.addClass(StubServer.class))
            .overrideConfigKey("quarkus.llamacloud.base-url", StubServer.baseUrl())
            .overrideConfigKey("quarkus.llamacloud.api-key", "llx-real-key");

    @Inject
    ChatSessions chat;

    @ConfigProperty(name = "quarkus.llamacloud.base-url")
    String baseUrl;

    @Test
    void requestsGoToTheConfiguredUrl() {
        assertThat(baseUrl).isEqualTo(StubServer.baseUrl());
        WireMock server = StubServer.fresh();
        server.register(get(anyUrl()).willReturn(okJson(StubServer.resource("session-summary.json"))));

        chat.summary("ses-abc123").await().atMost(Duration.ofSeconds(10));

        assertThat(server.find(getRequestedFor(anyUrl()))).hasSize(1);
    }
}
