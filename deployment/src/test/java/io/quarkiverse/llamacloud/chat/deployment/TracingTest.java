package io.quarkiverse.llamacloud.chat.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkiverse.llamacloud.chat.ChatSessions;
import io.quarkiverse.llamacloud.chat.ChatTurn;
import io.quarkus.maven.dependency.Dependency;
import io.quarkus.test.QuarkusUnitTest;

/**
 * With {@code quarkus-opentelemetry} in the application, each call and each turn is a span carrying the session,
 * event counts and token usage, and the REST client's own span nests under the call's.
 */
public class TracingTest {

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClass(Exporter.class))
            .overrideConfigKey("quarkus.otel.bsp.schedule.delay", "50ms")
            .setForcedDependencies(List.of(Dependency.of("io.quarkus", "quarkus-opentelemetry-deployment",
                    io.quarkus.builder.Version.getVersion())));

    /** Keeps the spans in memory for the test. */
    @Singleton
    public static class Exporter {
        @Produces
        @Singleton
        InMemorySpanExporter exporter() {
            return InMemorySpanExporter.create();
        }
    }

    @Inject
    ChatSessions chat;

    @Inject
    InMemorySpanExporter spans;

    @Test
    void callsAndTurnsAreSpans() throws InterruptedException {
        String id = chat.create(List.of("demo-index")).await().atMost(Duration.ofSeconds(10)).sessionId();
        ChatTurn turn = chat.ask(id, "What were the main findings in Q3?").await().atMost(Duration.ofSeconds(30));
        long deadline = System.currentTimeMillis() + 10_000;
        while (spans.getFinishedSpanItems().stream().noneMatch(span -> span.getName().equals("llamacloud.chat stream"))
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }

        List<SpanData> finished = spans.getFinishedSpanItems();
        SpanData create = finished.stream().filter(span -> span.getName().equals("llamacloud.chat create"))
                .findFirst().orElseThrow();
        assertThat(create.getAttributes().get(AttributeKey.stringKey("llamacloud.operation"))).isEqualTo("create");
        assertThat(create.getAttributes().get(AttributeKey.stringKey("llamacloud.client"))).isEqualTo("default");
        assertThat(finished).as("the REST client's span nests under the call's")
                .anySatisfy(span -> assertThat(span.getParentSpanId()).isEqualTo(create.getSpanId()));

        SpanData stream = finished.stream().filter(span -> span.getName().equals("llamacloud.chat stream"))
                .findFirst().orElseThrow();
        assertThat(stream.getAttributes().get(AttributeKey.stringKey("llamacloud.session_id"))).isEqualTo(id);
        assertThat(stream.getAttributes().get(AttributeKey.stringKey("llamacloud.client"))).isEqualTo("default");
        assertThat(stream.getAttributes().get(AttributeKey.longKey("llamacloud.events")))
                .isEqualTo(turn.events().size());
        assertThat(stream.getAttributes().get(AttributeKey.longKey("llamacloud.tool_calls"))).isEqualTo(1);
        assertThat(stream.getAttributes().get(AttributeKey.longKey("gen_ai.usage.output_tokens")))
                .isEqualTo(turn.usage().totalOutputTokens());
        assertThat(stream.getAttributes().get(AttributeKey.longKey("gen_ai.usage.input_tokens")))
                .isEqualTo(turn.usage().totalInputTokens());
    }
}
