package io.quarkiverse.llamacloud.chat.deployment;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.logging.LogRecord;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.github.tomakehurst.wiremock.client.WireMock;

import io.quarkiverse.llamacloud.chat.ChatSessions;
import io.quarkus.test.QuarkusUnitTest;

/**
 * With request and response logging on, calls are logged with the {@code Authorization} header masked, and the key
 * appears in no log record, exception message or {@code toString()}.
 */
public class LoggingRedactionTest {

    private static final String KEY = "llx-very-secret-0123456789";

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest()
            .withEmptyApplication()
            .withApplicationRoot(jar -> jar.addClass(StubServer.class))
            .overrideConfigKey("quarkus.llamacloud.base-url", StubServer.baseUrl())
            .overrideConfigKey("quarkus.llamacloud.api-key", KEY)
            .overrideConfigKey("quarkus.llamacloud.log-requests", "true")
            .overrideConfigKey("quarkus.llamacloud.log-responses", "true")
            .setLogRecordPredicate(record -> true)
            .assertLogRecords(records -> {
                StringBuilder all = new StringBuilder();
                for (LogRecord record : records) {
                    Object[] parameters = record.getParameters();
                    all.append(parameters == null ? record.getMessage() : String.format(record.getMessage(), parameters))
                            .append('\n');
                }
                String text = all.toString();
                assertThat(text).contains("LlamaCloud request: POST", "/api/v1/chat/ses-abc123/title",
                        "Authorization=***", "first_message", "LlamaCloud response: 200", "LlamaCloud response: 401");
                assertThat(text).doesNotContain(KEY);
            });

    @Inject
    ChatSessions chat;

    @Test
    void callsAreLoggedWithoutTheKey() {
        WireMock server = StubServer.fresh();
        server.register(post(anyUrl()).willReturn(okJson(StubServer.resource("session-summary.json"))));
        server.register(get(anyUrl()).willReturn(aResponse().withStatus(401)
                .withBody("{\"detail\":\"Invalid API key\"}")));

        chat.generateTitle("ses-abc123", "hello").await().atMost(Duration.ofSeconds(10));
        Throwable failure = catchThrowable(() -> chat.summary("ses-abc123").await().atMost(Duration.ofSeconds(10)));

        assertThat(failure).hasMessageContaining("Invalid API key").hasMessageNotContaining(KEY);
        assertThat(chat.toString()).doesNotContain(KEY);
    }
}
