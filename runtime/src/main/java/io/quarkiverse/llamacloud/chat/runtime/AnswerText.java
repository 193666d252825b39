package io.quarkiverse.llamacloud.chat.runtime;

import java.util.List;

import io.quarkiverse.llamacloud.chat.ChatEvent;
import io.quarkiverse.llamacloud.chat.ChatTurn;
import io.quarkiverse.llamacloud.chat.LlamaCloudTurnFailedException;

/**
 * Picks the answer text out of a turn's events, one subscription at a time, without doubling it when the server
 * sends both deltas and the complete {@code text}: a complete piece contributes only what its deltas did not.
 */
final class AnswerText {

    private final StringBuilder sinceLastText = new StringBuilder();

    /**
     * @param event the next event of the turn
     * @return the answer text it adds, if any
     * @throws LlamaCloudTurnFailedException on a {@code stop} that reports a failed turn
     */
    List<String> next(ChatEvent event) {
        if (event instanceof ChatEvent.TextDelta delta) {
            sinceLastText.append(delta.content());
            return delta.content().isEmpty() ? List.of() : List.of(delta.content());
        }
        if (event instanceof ChatEvent.Text text) {
            String streamed = sinceLastText.toString();
            sinceLastText.setLength(0);
            String content = text.content();
            if (streamed.isEmpty()) {
                return content.isEmpty() ? List.of() : List.of(content);
            }
            if (content.length() > streamed.length() && content.startsWith(streamed)) {
                return List.of(content.substring(streamed.length()));
            }
            return List.of();
        }
        if (event instanceof ChatEvent.Stop stop && stop.isError()) {
            // The text was already delivered as items; the failure carries the stop itself.
            throw new LlamaCloudTurnFailedException(ChatTurn.of(List.of(stop)));
        }
        return List.of();
    }
}
