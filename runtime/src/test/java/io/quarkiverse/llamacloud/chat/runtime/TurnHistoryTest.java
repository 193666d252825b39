package io.quarkiverse.llamacloud.chat.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.quarkiverse.llamacloud.chat.ChatEvent;
import io.quarkiverse.llamacloud.chat.Usage;

/** Recognising this client's turn in a session's history, without an idempotency key. */
class TurnHistoryTest {

    private static final ChatEvent.Stop STOP = new ChatEvent.Stop(false, null, Usage.NONE, List.of());

    @Test
    void withAKnownCountTheTurnIsTheFirstWithThePromptBeyondIt() {
        List<ChatEvent> history = turns(turn("hello", "A"), turn("hello", "B"));

        assertThat(TurnHistory.find(history, "hello", 0, List.of())).get()
                .satisfies(found -> assertThat(answer(found.events())).isEqualTo("A"));
        assertThat(TurnHistory.find(history, "hello", 1, List.of())).get()
                .satisfies(found -> assertThat(answer(found.events())).isEqualTo("B"));
        // the same prompt sent before, and this one not recorded: told apart by the count
        assertThat(TurnHistory.find(history, "hello", 2, List.of())).isEmpty();
    }

    @Test
    void withAKnownCountAnotherClientsTurnInBetweenIsSkipped() {
        List<ChatEvent> history = turns(turn("hello", "A"), turn("someone else", "X"), turn("hello", "B"));

        assertThat(TurnHistory.find(history, "hello", 1, List.of())).get()
                .satisfies(found -> assertThat(answer(found.events())).isEqualTo("B"));
    }

    @Test
    void withoutACountOnlyTheLastTurnCanBeIt() {
        List<ChatEvent> history = turns(turn("hello", "A"), turn("other", "B"));

        assertThat(TurnHistory.find(history, "hello", null, List.of())).isEmpty();
        assertThat(TurnHistory.find(history, "other", null, List.of())).isPresent();
        assertThat(TurnHistory.find(List.of(), "other", null, List.of())).isEmpty();
    }

    @Test
    void aCountBeyondTheHistoryFallsBackToTheLastTurn() {
        List<ChatEvent> history = turns(turn("hello", "A"));

        assertThat(TurnHistory.find(history, "hello", 5, List.of())).isPresent();
    }

    @Test
    void eventsThatArrivedMustAgreeWithTheRecordedOnes() {
        ChatEvent.ToolCall ours = new ChatEvent.ToolCall("c-2", "search",
                JsonNodeFactory.instance.objectNode().put("query", "Q3"));
        ChatEvent.ToolCall theirs = new ChatEvent.ToolCall("c-1", "search",
                JsonNodeFactory.instance.objectNode().put("query", "Q3"));
        List<ChatEvent> earlier = new ArrayList<>(List.of(new ChatEvent.UserInput("hello"), theirs,
                new ChatEvent.Text("A"), STOP));

        // the last turn with this prompt is an earlier one: its tool call is not the one that arrived
        assertThat(TurnHistory.find(earlier, "hello", null, List.of(new ChatEvent.ThinkingDelta("hm"), ours)))
                .isEmpty();
        assertThat(TurnHistory.find(earlier, "hello", null, List.of(theirs))).isPresent();
    }

    @Test
    void deltasAreNotComparedAsAServiceMayStoreThemMerged() {
        List<ChatEvent> history = List.of(new ChatEvent.UserInput("hello"), new ChatEvent.Text("Hello there"), STOP);
        List<ChatEvent> arrived = List.of(new ChatEvent.TextDelta("Hel"), new ChatEvent.TextDelta("lo"));

        assertThat(TurnHistory.find(history, "hello", 0, arrived)).get()
                .satisfies(found -> assertThat(found.complete()).isTrue());
    }

    @Test
    void aTurnStillRunningIsFoundButNotComplete() {
        List<ChatEvent> history = List.of(new ChatEvent.UserInput("hello"), new ChatEvent.Thinking("Looking"));

        assertThat(TurnHistory.find(history, "hello", 0, List.of())).get()
                .satisfies(found -> {
                    assertThat(found.complete()).isFalse();
                    assertThat(found.events()).containsExactly(new ChatEvent.Thinking("Looking"));
                });
    }

    @Test
    void moreEventsArrivedThanTheHistoryHoldsYetStillAgree() {
        List<ChatEvent> history = List.of(new ChatEvent.UserInput("hello"), new ChatEvent.Thinking("Looking"));
        List<ChatEvent> arrived = List.of(new ChatEvent.Thinking("Looking"), new ChatEvent.Text("A"));

        assertThat(TurnHistory.find(history, "hello", 0, arrived)).isPresent();
    }

    private static List<ChatEvent> turn(String prompt, String answer) {
        return List.of(new ChatEvent.UserInput(prompt), new ChatEvent.TextDelta(answer), new ChatEvent.Text(answer),
                STOP);
    }

    @SafeVarargs
    private static List<ChatEvent> turns(List<ChatEvent>... turns) {
        List<ChatEvent> history = new ArrayList<>();
        for (List<ChatEvent> turn : turns) {
            history.addAll(turn);
        }
        return history;
    }

    private static String answer(List<ChatEvent> events) {
        return events.stream().filter(ChatEvent.Text.class::isInstance).map(e -> ((ChatEvent.Text) e).content())
                .findFirst().orElse(null);
    }
}
