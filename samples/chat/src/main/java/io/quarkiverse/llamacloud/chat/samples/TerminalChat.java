package io.quarkiverse.llamacloud.chat.samples;

import java.io.PrintStream;
import java.util.List;
import java.util.Optional;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkiverse.llamacloud.chat.ChatEvent;
import io.quarkiverse.llamacloud.chat.ChatSessions;
import io.quarkiverse.llamacloud.chat.SessionSummary;
import io.quarkus.runtime.QuarkusApplication;

/**
 * Creates a session, streams one turn to the terminal as it arrives (reasoning dimmed, tool calls and their results,
 * the answer), then prints usage and timing.
 */
public class TerminalChat implements QuarkusApplication {

    static final String INDEX_PROPERTY = "llamacloud.demo.index-id";
    static final String DEFAULT_QUESTION = "What were the main findings in Q3?";

    private static final String DIM = "\u001b[2m";
    private static final String BOLD = "\u001b[1m";
    private static final String CYAN = "\u001b[36m";
    private static final String RESET = "\u001b[0m";

    @Inject
    ChatSessions chat;

    @ConfigProperty(name = INDEX_PROPERTY)
    Optional<String> configuredIndex;

    PrintStream out = System.out;

    @Override
    public int run(String... args) {
        String question = args.length == 0 ? DEFAULT_QUESTION : String.join(" ", args);
        String indexId = configuredIndex.or(() -> Optional.ofNullable(System.getenv("LLAMA_CLOUD_INDEX_ID")))
                .orElse(null);
        long start = System.nanoTime();
        SessionSummary session = chat.create(indexId == null ? List.of() : List.of(indexId)).await().indefinitely();
        out.println(BOLD + "> " + question + RESET);

        Long firstEventAt = null;
        boolean thinking = false;
        ChatEvent.Stop stop = null;
        for (ChatEvent event : chat.stream(session.sessionId(), question).subscribe().asIterable()) {
            if (firstEventAt == null) {
                firstEventAt = System.nanoTime();
            }
            if (event instanceof ChatEvent.ThinkingDelta delta) {
                out.print((thinking ? "" : DIM) + delta.content());
                thinking = true;
                continue;
            }
            if (thinking) {
                out.println(RESET);
                thinking = false;
            }
            if (event instanceof ChatEvent.ToolCall call) {
                out.println(CYAN + "\u2192 " + call.name() + " " + call.arguments() + RESET);
            } else if (event instanceof ChatEvent.ToolResult result) {
                int found = result.result().isArray() ? result.result().size() : 1;
                out.println(CYAN + "\u2190 " + found + " result(s)" + (result.imageAttachment() == null ? ""
                        : ", page image " + result.imageAttachment().attachmentName()) + RESET);
            } else if (event instanceof ChatEvent.TextDelta delta) {
                out.print(delta.content());
            } else if (event instanceof ChatEvent.Stop last) {
                stop = last;
            }
        }
        out.println();
        long totalMs = (System.nanoTime() - start) / 1_000_000;
        long firstMs = firstEventAt == null ? -1 : (firstEventAt - start) / 1_000_000;
        if (stop != null) {
            if (stop.isError()) {
                out.println("The turn failed: " + stop.error());
            }
            out.printf(DIM + "%d input + %d output tokens, %d agent turn(s); first event after %d ms, done in %d ms%s"
                    + RESET + "%n", stop.usage().totalInputTokens(), stop.usage().totalOutputTokens(), stop.usage().turns(),
                    firstMs, totalMs, stop.skippedIndexIds().isEmpty() ? "" : "; skipped " + stop.skippedIndexIds());
            return stop.isError() ? 1 : 0;
        }
        return 1;
    }
}
