package io.quarkiverse.llamacloud.chat.samples;

import java.io.PrintStream;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkiverse.llamacloud.chat.BlockingChatSessions;
import io.quarkiverse.llamacloud.chat.ChatEvent;
import io.quarkiverse.llamacloud.chat.SessionSummary;
import io.quarkiverse.llamacloud.chat.emulator.EmulatorOptions;
import io.quarkiverse.llamacloud.chat.emulator.LlamaCloudEmulator;
import io.quarkus.runtime.QuarkusApplication;
import io.vertx.core.Vertx;

/**
 * Creates a session, streams one turn to the terminal as it arrives (reasoning, tool calls and their results, the
 * answer), then reports usage and timing.
 * <p>
 * The turn goes to standard output; where the question went, usage, timing and errors go to standard error, so that
 * {@code > answer.txt} keeps only the turn. Colours only on a terminal, never with {@code NO_COLOR}. A failure is one
 * line and an exit status of its own ({@link ExitCodes}); {@code --debug} adds the stack trace.
 */
public class TerminalChat implements QuarkusApplication {

    /** Where LlamaCloud's SDKs and this extension go when nothing else is configured. */
    static final String DEFAULT_BASE_URL = "https://api.cloud.llamaindex.ai";

    // Blocking: its stream hands over every event that arrived before a failure (Mutiny's asStream() does not).
    @Inject
    BlockingChatSessions chat;

    @Inject
    Vertx vertx;

    @ConfigProperty(name = "quarkus.llamacloud.base-url")
    Optional<String> configuredBaseUrl;

    @Override
    public int run(String... args) {
        ChatDemo.Launch launch = ChatDemo.launch();
        launch.timeline().mark("Quarkus");
        DemoOptions options = launch.options();
        PrintStream out = System.out;
        PrintStream err = System.err;
        // System.console() exists only when standard input and output are both a terminal.
        Style style = new Style(options.color() && System.console() != null);
        try (LlamaCloudEmulator emulator = launch.emulatorPort() == 0 ? null : startEmulator(launch.emulatorPort())) {
            if (emulator != null) {
                err.println("Asking the built-in emulator at " + emulator.baseUrl() + " (index " + options.indexId()
                        + "); set " + DemoOptions.API_KEY_VARIABLE + " to ask LlamaCloud.");
            } else {
                String baseUrl = configuredBaseUrl.filter(url -> !url.isBlank())
                        .orElse(options.baseUrl() == null ? DEFAULT_BASE_URL : options.baseUrl());
                err.println("Asking LlamaCloud at " + baseUrl
                        + (options.indexId() == null ? "." : " (index " + options.indexId() + ")."));
                if (options.indexId() == null) {
                    err.println("No index given: the agent has nothing to search. Set " + DemoOptions.INDEX_VARIABLE
                            + " or pass --index ID.");
                }
            }
            return converse(options, style, out, err, launch.timeline());
        } catch (RuntimeException e) {
            err.println(ChatDemo.NAME + ": " + ExitCodes.describe(e));
            if (options.debug()) {
                e.printStackTrace(err);
            }
            return ExitCodes.of(e);
        }
    }

    private LlamaCloudEmulator startEmulator(int port) {
        try {
            LlamaCloudEmulator emulator = LlamaCloudEmulator.start(EmulatorOptions.defaults().withPort(port), vertx);
            ChatDemo.launch().timeline().mark("emulator");
            return emulator;
        } catch (IllegalStateException e) {
            throw new IllegalStateException("could not start the built-in emulator: " + e.getMessage(), e);
        }
    }

    private int converse(DemoOptions options, Style style, PrintStream out, PrintStream err, Timeline timeline) {
        long start = System.nanoTime();
        SessionSummary session = chat.create(options.indexId() == null ? List.of() : List.of(options.indexId()));
        timeline.mark("session");
        out.println(style.bold("> " + options.question()));
        out.flush();

        Long firstEventAt = null;
        boolean thinking = false;
        boolean sawThinkingDelta = false;
        boolean sawTextDelta = false;
        boolean answered = false;
        ChatEvent.Stop stop = null;
        // A stream, not an iterable, so that leaving the loop early (output closed) cancels the turn.
        try (Stream<ChatEvent> events = chat.stream(session.sessionId(), options.question())) {
            for (Iterator<ChatEvent> it = events.iterator(); it.hasNext();) {
                ChatEvent event = it.next();
                if (firstEventAt == null) {
                    firstEventAt = System.nanoTime();
                    timeline.mark("first event");
                }
                if (event instanceof ChatEvent.ThinkingDelta delta) {
                    out.print(thinking ? style.dim(delta.content()) : style.thinkingStart(delta.content()));
                    thinking = true;
                    sawThinkingDelta = true;
                } else if (event instanceof ChatEvent.Thinking whole && !sawThinkingDelta) {
                    // A server may send the reasoning whole instead of in pieces; print it once either way.
                    out.print(style.thinkingStart(whole.content()));
                    thinking = true;
                } else if (!(event instanceof ChatEvent.Thinking)) {
                    sawThinkingDelta = false;
                    if (thinking) {
                        out.println();
                        thinking = false;
                    }
                    if (event instanceof ChatEvent.ToolCall call) {
                        out.println(style.cyan(style.rightArrow() + " " + call.name() + " " + call.arguments()));
                    } else if (event instanceof ChatEvent.ToolResult result) {
                        int found = result.result().isArray() ? result.result().size() : 1;
                        out.println(style.cyan(style.leftArrow() + " " + found + " result(s)"
                                + (result.imageAttachment() == null ? ""
                                        : ", page image " + result.imageAttachment().attachmentName())));
                    } else if (event instanceof ChatEvent.TextDelta delta) {
                        out.print(delta.content());
                        if (!answered) {
                            timeline.mark("first answer text");
                            answered = true;
                        }
                        sawTextDelta = true;
                    } else if (event instanceof ChatEvent.Text whole) {
                        if (!sawTextDelta) {
                            out.print(whole.content());
                            if (!answered) {
                                timeline.mark("first answer text");
                                answered = true;
                            }
                        }
                        sawTextDelta = false;
                    } else if (event instanceof ChatEvent.Stop last) {
                        stop = last;
                    }
                }
                out.flush();
                if (out.checkError()) {
                    // The reader went away (| head): stop the turn quietly, as other tools do.
                    return ExitCodes.OK;
                }
            }
        }
        out.println();
        out.flush();
        if (stop == null) {
            // stream() fails rather than end without a stop; this is the case of a cancelled subscription.
            err.println(ChatDemo.NAME + ": the turn ended without a stop event");
            return ExitCodes.PROTOCOL;
        }
        long firstMs = firstEventAt == null ? -1 : (firstEventAt - start) / 1_000_000;
        err.printf("%d input + %d output tokens, %d agent turn(s); first event %d ms after asking%s%n",
                stop.usage().totalInputTokens(), stop.usage().totalOutputTokens(), stop.usage().turns(), firstMs,
                sinceLaunch(timeline));
        if (options.debug()) {
            err.println("timing: " + timeline.describe());
        }
        if (!stop.skippedIndexIds().isEmpty()) {
            err.println("LlamaCloud could not search " + stop.skippedIndexIds()
                    + " (no such index in this project, or not ready).");
        }
        if (stop.isError()) {
            err.println(ChatDemo.NAME + ": LlamaCloud reported the turn as failed: " + stop.error());
            return ExitCodes.TURN_FAILED;
        }
        return ExitCodes.OK;
    }

    /** @return "; done N s after launch", or nothing where the JVM's start time is unknown */
    private static String sinceLaunch(Timeline timeline) {
        double seconds = timeline.secondsSinceLaunch();
        return seconds < 0 ? "" : String.format("; done %.1f s after launch", seconds);
    }

    /** Terminal styles; plain text, with labels instead of colours, when the output is not a terminal. */
    record Style(boolean color) {

        String bold(String text) {
            return color ? "\u001b[1m" + text + "\u001b[0m" : text;
        }

        String dim(String text) {
            return color ? "\u001b[2m" + text + "\u001b[0m" : text;
        }

        String cyan(String text) {
            return color ? "\u001b[36m" + text + "\u001b[0m" : text;
        }

        String thinkingStart(String text) {
            return color ? dim(text) : "Thinking: " + text;
        }

        String rightArrow() {
            return color ? "\u2192" : "->";
        }

        String leftArrow() {
            return color ? "\u2190" : "<-";
        }
    }
}
