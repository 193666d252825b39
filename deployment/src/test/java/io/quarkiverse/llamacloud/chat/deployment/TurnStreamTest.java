package io.quarkiverse.llamacloud.chat.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.quarkiverse.llamacloud.chat.BlockingChatSessions;
import io.quarkiverse.llamacloud.chat.ChatEvent;
import io.quarkiverse.llamacloud.chat.ChatSessions;
import io.quarkiverse.llamacloud.chat.ChatTurn;
import io.quarkiverse.llamacloud.chat.ImageAttachment;
import io.quarkiverse.llamacloud.chat.LlamaCloudEventTooLargeException;
import io.quarkiverse.llamacloud.chat.LlamaCloudMalformedResponseException;
import io.quarkiverse.llamacloud.chat.LlamaCloudStreamCutOffException;
import io.quarkiverse.llamacloud.chat.LlamaCloudTurnAcceptedException;
import io.quarkiverse.llamacloud.chat.TurnRequest;
import io.quarkiverse.llamacloud.chat.Usage;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * A turn's stream against a loopback stub that writes exact bytes: every framing the SSE specification allows, the
 * faults only a byte-level server can play (a last event without its blank line, an endless line, a flood), and
 * the request as sent. The faults the emulator plays are {@link StreamFaultsTest}'s.
 */
public class TurnStreamTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String ANSWER = "Revenue gr\u00e9w 12% \uD83D\uDE80";

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest()
            .withEmptyApplication()
            .withApplicationRoot(jar -> jar.addClass(ScriptedStreamServer.class))
            .overrideConfigKey("quarkus.llamacloud.base-url", ScriptedStreamServer.baseUrl())
            .overrideConfigKey("quarkus.llamacloud.api-key", "llx-stream-key")
            .overrideConfigKey("quarkus.llamacloud.project-id", "proj-9")
            // Retries have their own test; here each failure must surface from one request.
            .overrideConfigKey("quarkus.llamacloud.max-retries", "0")
            .overrideConfigKey("quarkus.llamacloud.stream.first-event-timeout", "2s")
            .overrideConfigKey("quarkus.llamacloud.stream.idle-timeout", "1s")
            .overrideConfigKey("quarkus.llamacloud.stream.max-event-size", "1048576");

    @Inject
    ChatSessions chat;

    @Inject
    BlockingChatSessions blocking;

    @Inject
    Vertx vertx;

    @Test
    void aTurnArrivesTypedInOrderAndCompletesAfterStop() {
        List<ChatEvent> events = chat.stream("turn", "What changed in Q3?").collect().asList().await().atMost(WAIT);

        assertWholeTurn(events);
        JsonObject request = ScriptedStreamServer.stats().getJsonObject("last");
        assertThat(request.getString("method")).isEqualTo("POST");
        assertThat(request.getString("uri")).isEqualTo("/api/v1/chat/turn/messages/stream?project_id=proj-9");
        assertThat(request.getString("authorization")).isEqualTo("Bearer llx-stream-key");
        assertThat(request.getString("accept")).isEqualTo("text/event-stream");
        assertThat(request.getString("contentType")).isEqualTo("application/json");
        // index_ids is required by the service: the session's own, here an unbound one's
        assertThat(new JsonObject(request.getString("body")).getMap())
                .isEqualTo(Map.of("prompt", "What changed in Q3?", "index_ids", List.of()));
    }

    @Test
    void indexIdsAndRequireAllIndexesAreSentWhenGiven() {
        chat.stream("turn", TurnRequest.of("Hi").withIndexIds(List.of("idx-1", "idx-2")).withRequireAllIndexes(true))
                .collect().asList().await().atMost(WAIT);

        JsonObject body = new JsonObject(ScriptedStreamServer.stats().getJsonObject("last").getString("body"));
        assertThat(body.getMap()).isEqualTo(Map.of("prompt", "Hi", "index_ids", List.of("idx-1", "idx-2"),
                "require_all_indexes", true));
    }

    @ParameterizedTest
    @ValueSource(strings = { "bytewise", "cr-lines" })
    void everyFramingGivesTheSameEvents(String framing) {
        assertWholeTurn(chat.stream(framing, "q").collect().asList().await().atMost(WAIT));
    }

    @Test
    void aLastEventWithoutItsBlankLineIsACutOff() {
        int delivered = ScriptedStreamServer.TURN.size() - 1;
        int posts = ScriptedStreamServer.stats().getInteger("posts");
        AssertSubscriber<ChatEvent> subscriber = chat.stream("partial-last", "q").subscribe()
                .withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));

        subscriber.awaitFailure(WAIT);

        assertThat(subscriber.getItems()).hasSize(delivered);
        // A 200 head came: the service has the turn, whatever number of events arrived.
        assertThat(subscriber.getFailure()).isInstanceOfSatisfying(LlamaCloudTurnAcceptedException.class,
                accepted -> assertThat(accepted.eventsDelivered()).isEqualTo(delivered));
        Throwable cut = subscriber.getFailure().getCause();
        assertThat(cut).isInstanceOf(LlamaCloudStreamCutOffException.class)
                .hasMessageContaining("cut off").hasMessageNotContaining("llx-stream-key");
        assertThat(((LlamaCloudStreamCutOffException) cut).eventsDelivered()).isEqualTo(delivered);
        // one request, never re-sent (max-retries is 0 here, and the service may have the turn)
        assertThat(ScriptedStreamServer.stats().getInteger("posts")).isEqualTo(posts + 1);
    }

    @Test
    void unknownEventTypesArriveAsUnknownAndNeverFail() {
        List<ChatEvent> events = chat.stream("unknown-event", "q").collect().asList().await().atMost(WAIT);

        assertThat(events).hasSize(2 + ScriptedStreamServer.TURN.size());
        ChatEvent.Unknown citation = (ChatEvent.Unknown) events.get(0);
        assertThat(citation.type()).isEqualTo("citation");
        assertThat(citation.raw().get("span").get(1).asInt()).isEqualTo(2);
        assertThat(((ChatEvent.Unknown) events.get(1)).raw().get("no_type").asBoolean()).isTrue();
        assertWholeTurn(events.subList(2, events.size()));
    }

    @Test
    void aJsonAnswerInsteadOfAStreamIsMalformed() {
        // 200 with JSON: the service answered, so the turn is not sent again
        assertThatThrownBy(() -> chat.stream("json-instead", "q").collect().asList().await().atMost(WAIT))
                .isInstanceOf(LlamaCloudTurnAcceptedException.class)
                .cause().isInstanceOf(LlamaCloudMalformedResponseException.class).hasMessageContaining("nope");
    }

    @Test
    void aSlowSubscriberPausesTheConnectionInsteadOfBufferingTheStream() throws InterruptedException {
        int events = 50_000; // 50 MB of deltas
        AssertSubscriber<ChatEvent> subscriber = chat.stream("flood-" + events, "q").subscribe()
                .withSubscriber(AssertSubscriber.create(1));
        subscriber.awaitItems(1, WAIT);
        Thread.sleep(1500);
        long writtenWhilePaused = ScriptedStreamServer.stats().getLong("floodBytes");

        assertThat(writtenWhilePaused).as("bytes the server could write while the subscriber held one event")
                .isLessThan(25L * 1024 * 1024);

        subscriber.request(Long.MAX_VALUE).awaitCompletion(WAIT);
        assertThat(subscriber.getItems()).hasSize(events + 1);
    }

    @Test
    void aSubscriberThatAsksForEverythingUpFrontGetsALongTurnWhole() {
        int events = 5_000; // far above the pause mark, most of them in one chunk
        List<ChatEvent> turn = chat.stream("flood-" + events, "q").collect().asList().await().atMost(WAIT);

        assertThat(turn).hasSize(events + 1);
        assertThat(turn.get(events)).isInstanceOf(ChatEvent.Stop.class);
    }

    @Test
    void anEndlessLineFailsAtTheLimitAndClosesTheConnection() throws InterruptedException {
        assertThatThrownBy(() -> chat.stream("endless-line", "q").collect().asList().await().atMost(WAIT))
                .isInstanceOf(LlamaCloudTurnAcceptedException.class).cause()
                .isInstanceOf(LlamaCloudEventTooLargeException.class);
        assertThat(ScriptedStreamServer.awaitOpenAtMost(0, 5000)).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = { "turn", "text-only", "deltas-only", "bytewise" })
    void theAssembledTurnIsTheSameWhateverTheServerStreamed(String scenario) {
        ChatTurn turn = chat.ask(scenario, "q").await().atMost(WAIT);

        assertThat(turn.answer()).isEqualTo(ANSWER);
        assertThat(turn.thinking()).isEqualTo("Looking up Q3.");
        assertThat(turn.toolExchanges()).hasSize(1);
        assertThat(turn.toolExchanges().get(0).call().arguments())
                .isEqualTo(JsonNodeFactory.instance.objectNode().put("query", "Q3"));
        assertThat(turn.toolExchanges().get(0).result().result().get(0).get("text").asText())
                .isEqualTo("Revenue grew 12%");
        assertThat(turn.images()).containsExactly(new ImageAttachment("p4.png", "doc-1"));
        assertThat(turn.usage()).isEqualTo(new Usage(12.5, 100, 20, 1));
        assertThat(turn.skippedIndexIds()).containsExactly("idx-2");
        assertThat(turn.isError()).isFalse();

        String streamed = String.join("", chat.streamText(scenario, "q").collect().asList().await().atMost(WAIT));
        assertThat(streamed).isEqualTo(ANSWER);
    }

    @Test
    void blockingIterationFromAWorkerThread() {
        List<ChatEvent> events = new ArrayList<>();
        for (ChatEvent event : chat.stream("turn", "q").subscribe().asIterable()) {
            events.add(event);
        }
        assertWholeTurn(events);

        assertThat(blocking.ask("turn", "q").answer()).isEqualTo(ANSWER);
        try (Stream<ChatEvent> stream = blocking.stream("turn", TurnRequest.of("q"))) {
            assertWholeTurn(stream.toList());
        }
    }

    @Test
    void worksFromTheEventLoopWithoutBlockingIt() {
        CompletableFuture<ChatTurn> result = new CompletableFuture<>();
        CompletableFuture<Boolean> onEventLoop = new CompletableFuture<>();
        vertx.getOrCreateContext().runOnContext(ignored -> {
            onEventLoop.complete(io.vertx.core.Context.isOnEventLoopThread());
            chat.ask("turn", "q").subscribe().with(result::complete, result::completeExceptionally);
        });

        assertThat(onEventLoop.join()).isTrue();
        assertThat(result.orTimeout(20, TimeUnit.SECONDS).join().answer()).isEqualTo(ANSWER);
    }

    @Test
    void blockingCallsOnTheEventLoopAreRefused() {
        CompletableFuture<Throwable> refused = new CompletableFuture<>();
        vertx.getOrCreateContext().runOnContext(ignored -> {
            try {
                blocking.ask("turn", "q");
                refused.complete(null);
            } catch (Throwable t) {
                refused.complete(t);
            }
        });
        assertThat(refused.orTimeout(20, TimeUnit.SECONDS).join()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void argumentsAreCheckedBeforeAnyRequest() {
        assertThatThrownBy(() -> chat.stream(" ", "q")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sessionId");
        assertThatThrownBy(() -> chat.stream("turn", (String) null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("prompt");
    }

    private static void assertWholeTurn(List<ChatEvent> events) {
        assertThat(events).hasSize(ScriptedStreamServer.TURN.size());
        assertThat(events.get(0)).isEqualTo(new ChatEvent.ThinkingDelta("Looking "));
        assertThat(events.get(1)).isEqualTo(new ChatEvent.ThinkingDelta("up Q3."));
        assertThat(events.get(2)).isEqualTo(new ChatEvent.Thinking("Looking up Q3."));
        assertThat(events.get(3))
                .isEqualTo(new ChatEvent.ToolCall("c1", "search", JsonNodeFactory.instance.objectNode().put("query", "Q3")));
        assertThat(events.get(4)).isInstanceOfSatisfying(ChatEvent.ToolResult.class,
                result -> assertThat(result.imageAttachment()).isEqualTo(new ImageAttachment("p4.png", "doc-1")));
        assertThat(events.get(5)).isEqualTo(new ChatEvent.TextDelta("Revenue gr\u00e9w "));
        assertThat(events.get(6)).isEqualTo(new ChatEvent.TextDelta("12% \uD83D\uDE80"));
        assertThat(events.get(7)).isEqualTo(new ChatEvent.Text(ANSWER));
        assertThat(events.get(8)).isEqualTo(new ChatEvent.Stop(false, null, new Usage(12.5, 100, 20, 1),
                List.of("idx-2")));
    }
}
