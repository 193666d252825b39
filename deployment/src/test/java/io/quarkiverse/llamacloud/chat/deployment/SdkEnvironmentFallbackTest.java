package io.quarkiverse.llamacloud.chat.deployment;

import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.github.tomakehurst.wiremock.client.WireMock;

import io.quarkiverse.llamacloud.chat.ChatSessions;
import io.quarkus.test.QuarkusUnitTest;

/**
 * With no {@code quarkus.llamacloud.*} keys, the variables LlamaCloud's SDKs read, {@code LLAMA_CLOUD_API_KEY} and
 * {@code LLAMA_CLOUD_BASE_URL}, configure the client (a base URL with a trailing slash included).
 */
public class SdkEnvironmentFallbackTest {

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest()
            .withEmptyApplication()
            .withApplicationRoot(jar -> jar.addClass(StubServer.class))
            .overrideConfigKey("LLAMA_CLOUD_BASE_URL", StubServer.baseUrl() + "/")
            .overrideConfigKey("LLAMA_CLOUD_API_KEY", "llx-from-sdk-variable");

    @Inject
    ChatSessions chat;

    @Test
    void keyAndBaseUrlComeFromTheSdkVariables() {
        WireMock server = StubServer.fresh();
        server.register(get(anyUrl()).willReturn(okJson(StubServer.resource("session-summary.json"))));

        chat.summary("ses-abc123").await().atMost(Duration.ofSeconds(10));

        server.verifyThat(1, getRequestedFor(urlEqualTo("/api/v1/chat/ses-abc123/summary"))
                .withHeader("Authorization", equalTo("Bearer llx-from-sdk-variable")));
    }
}
