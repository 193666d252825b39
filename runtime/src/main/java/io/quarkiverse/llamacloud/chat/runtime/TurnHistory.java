package io.quarkiverse.llamacloud.chat.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.quarkiverse.llamacloud.chat.ChatEvent;

/**
 * Finds one turn in a session's history, without an idempotency key (the API has none): by its prompt, by where it
 * must be, and by the events that already arrived.
 * <p>
 * The rule:
 * <ol>
 * <li>When this client knows how many turns the history held before it sent the turn ({@code turnsBefore}), the turn
 * is the first {@code user_input} beyond those that carries the prompt. Exact, unless another client sends the same
 * prompt to the same session at the same time.</li>
 * <li>Otherwise it can only be the history's last {@code user_input}, if that carries the prompt. An earlier turn with
 * the same prompt, when it is the last, cannot be told apart from this one unless events of this one arrived.</li>
 * <li>Events that arrived must agree with what the history recorded after that {@code user_input}: their complete
 * events (deltas aside, which a service may store merged) are compared, by type and tool call id, as far as both
 * go.</li>
 * </ol>
 */
final class TurnHistory {

    /**
     * @param events the turn's events after its {@code user_input}, as the history holds them
     * @param complete whether they end with {@code stop}: the turn has finished on the service
     */
    record Recorded(List<ChatEvent> events, boolean complete) {
    }

    private TurnHistory() {
    }

    /**
     * @param history the session's events, oldest first
     * @param prompt the turn's prompt
     * @param turnsBefore how many {@code user_input} events the history held before the turn was sent, or {@code null}
     *        when unknown
     * @param arrived the first events of the turn that arrived, maybe none
     * @return the turn, if the history holds it
     */
    static Optional<Recorded> find(List<ChatEvent> history, String prompt, Integer turnsBefore,
            List<ChatEvent> arrived) {
        List<Integer> inputs = new ArrayList<>();
        for (int i = 0; i < history.size(); i++) {
            if (history.get(i) instanceof ChatEvent.UserInput) {
                inputs.add(i);
            }
        }
        // A count beyond the history means this client's count is wrong: fall back to the last turn.
        boolean counted = turnsBefore != null && turnsBefore <= inputs.size();
        int first = counted ? turnsBefore : inputs.size() - 1;
        for (int ordinal = Math.max(0, first); ordinal < inputs.size(); ordinal++) {
            int position = inputs.get(ordinal);
            String recordedPrompt = ((ChatEvent.UserInput) history.get(position)).content();
            // A service may store the prompt trimmed; a turn it took must not look unrecorded for that.
            if (recordedPrompt == null || !prompt.strip().equals(recordedPrompt.strip())) {
                continue;
            }
            int end = ordinal + 1 < inputs.size() ? inputs.get(ordinal + 1) : history.size();
            List<ChatEvent> events = history.subList(position + 1, end);
            if (agree(complete(arrived), complete(events))) {
                boolean done = events.stream().anyMatch(ChatEvent.Stop.class::isInstance);
                return Optional.of(new Recorded(List.copyOf(events), done));
            }
        }
        return Optional.empty();
    }

    private static List<ChatEvent> complete(List<ChatEvent> events) {
        return events.stream()
                .filter(event -> !(event instanceof ChatEvent.TextDelta || event instanceof ChatEvent.ThinkingDelta))
                .toList();
    }

    /**
     * Compares what identifies an event, its type and its tool call's id, not its whole content: a service may store
     * numbers, results or text a little differently from how it streamed them.
     */
    private static boolean agree(List<ChatEvent> arrived, List<ChatEvent> recorded) {
        int overlap = Math.min(arrived.size(), recorded.size());
        for (int i = 0; i < overlap; i++) {
            if (!identity(arrived.get(i)).equals(identity(recorded.get(i)))) {
                return false;
            }
        }
        return true;
    }

    private static String identity(ChatEvent event) {
        String callId = event instanceof ChatEvent.ToolCall call ? call.callId()
                : event instanceof ChatEvent.ToolResult result ? result.callId() : null;
        return event.type() + (callId == null ? "" : "#" + callId);
    }
}
