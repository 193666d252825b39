package io.quarkiverse.llamacloud.chat.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.logging.Level;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.llamacloud.chat.ChatSessions;
import io.quarkiverse.llamacloud.chat.LlamaCloudClient;
import io.quarkiverse.llamacloud.chat.LlamaCloudRequestCustomizer;
import io.quarkiverse.llamacloud.chat.TurnRequest;
import io.quarkus.test.QuarkusUnitTest;
import io.vertx.core.json.JsonObject;

/**
 * Request hooks on both paths: a hook for every client adds a header and a credential to session calls and turn
 * streams alike; a hook scoped to a named client authenticates it with its own token instead of an API key. With
 * request and response logging on, no credential value reaches the log.
 */
public class RequestHooksTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String GATEWAY_TOKEN = "gw-secret-123";
    private static final String TENANT_TOKEN = "tenant-token-456";

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(ScriptedStreamServer.class, EveryClient.class,
                    OtherClientOnly.class))
            .overrideConfigKey("quarkus.llamacloud.base-url", ScriptedStreamServer.baseUrl())
            .overrideConfigKey("quarkus.llamacloud.api-key", "llx-stream-key")
            .overrideConfigKey("quarkus.llamacloud.log-requests", "true")
            .overrideConfigKey("quarkus.llamacloud.log-responses", "true")
            // no key: its hook authenticates it
            .overrideConfigKey("quarkus.llamacloud.\"other\".base-url", ScriptedStreamServer.baseUrl())
            .overrideConfigKey("quarkus.llamacloud.\"other\".log-requests", "true")
            .setLogRecordPredicate(record -> record.getLevel().intValue() >= Level.INFO.intValue())
            .assertLogRecords(records -> {
                List<String> lines = records.stream()
                        .map(record -> record.getMessage() + " " + java.util.Arrays.toString(record.getParameters()))
                        .toList();
                assertThat(lines).as("request logs").anyMatch(line -> line.contains("X-Gateway-Token=***"));
                assertThat(lines).allSatisfy(line -> assertThat(line).doesNotContain(GATEWAY_TOKEN, TENANT_TOKEN,
                        "llx-stream-key"));
            });

    /** Applies to every client. */
    @ApplicationScoped
    public static class EveryClient implements LlamaCloudRequestCustomizer {
        @Override
        public void customize(Request request) {
            request.header("X-Tenant", "acme-" + request.clientName());
            request.credential("X-Gateway-Token", GATEWAY_TOKEN);
        }
    }

    /** Applies to the "other" client only. */
    @ApplicationScoped
    @LlamaCloudClient("other")
    public static class OtherClientOnly implements LlamaCloudRequestCustomizer {
        @Override
        public void customize(Request request) {
            request.bearerToken(TENANT_TOKEN);
        }

        @Override
        public boolean authenticates() {
            return true; // so "other" needs no api-key
        }
    }

    @Inject
    ChatSessions chat;

    @Inject
    @LlamaCloudClient("other")
    ChatSessions other;

    @Test
    void aSessionCallAndATurnCarryTheHooksHeaders() {
        chat.summary("turn").await().atMost(WAIT);
        JsonObject read = ScriptedStreamServer.stats().getJsonObject("lastRead");
        assertThat(read.getString("x-tenant")).isEqualTo("acme-<default>");
        assertThat(read.getString("x-gateway-token")).isEqualTo(GATEWAY_TOKEN);
        assertThat(read.getString("authorization")).isEqualTo("Bearer llx-stream-key");

        chat.stream("turn", TurnRequest.of("Hi").withIndexIds(List.of("idx-1"))).collect().asList()
                .await().atMost(WAIT);
        JsonObject turn = ScriptedStreamServer.stats().getJsonObject("last").getJsonObject("headers");
        assertThat(turn.getString("x-tenant")).isEqualTo("acme-<default>");
        assertThat(turn.getString("x-gateway-token")).isEqualTo(GATEWAY_TOKEN);
        assertThat(turn.getString("authorization")).isEqualTo("Bearer llx-stream-key");
    }

    @Test
    void aScopedHookAuthenticatesItsClientOnBothPaths() {
        other.summary("turn").await().atMost(WAIT);
        JsonObject read = ScriptedStreamServer.stats().getJsonObject("lastRead");
        assertThat(read.getString("authorization")).isEqualTo("Bearer " + TENANT_TOKEN);
        assertThat(read.getString("x-tenant")).as("the hook for every client runs too").isEqualTo("acme-other");

        other.stream("turn", TurnRequest.of("Hi").withIndexIds(List.of("idx-1"))).collect().asList()
                .await().atMost(WAIT);
        JsonObject turn = ScriptedStreamServer.stats().getJsonObject("last").getJsonObject("headers");
        assertThat(turn.getString("authorization")).isEqualTo("Bearer " + TENANT_TOKEN);
        assertThat(turn.getString("x-gateway-token")).isEqualTo(GATEWAY_TOKEN);

        // and the default client keeps its key
        chat.summary("turn").await().atMost(WAIT);
        assertThat(ScriptedStreamServer.stats().getJsonObject("lastRead").getString("authorization"))
                .isEqualTo("Bearer llx-stream-key");
    }
}
