package io.quarkiverse.llamacloud.chat.samples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.main.Launch;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainTest;

/**
 * The sample, launched as the README's first command launches it, with no key: it answers from the emulator.
 */
@QuarkusMainTest
public class TerminalChatTest {

    @Test
    @Launch({ "What", "were", "the", "main", "findings", "in", "Q3?" })
    void streamsAnAnswerToTheTerminal(LaunchResult result) {
        String output = result.getOutput();
        assertThat(result.exitCode()).isZero();
        assertThat(output).contains("> What were the main findings in Q3?", "result(s)", "output tokens",
                "first event after");
    }
}
