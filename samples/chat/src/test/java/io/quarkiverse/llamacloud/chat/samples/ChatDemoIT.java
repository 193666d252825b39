package io.quarkiverse.llamacloud.chat.samples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.main.Launch;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainIntegrationTest;
import io.quarkus.test.junit.main.QuarkusMainLauncher;

/**
 * The packaged demo as a process, its output piped as in {@code > answer.txt}: the exit status is the process's, the
 * answer alone is on standard output, without colours.
 */
@QuarkusMainIntegrationTest
public class ChatDemoIT {

    @Test
    @Launch("What were the main findings in Q3?")
    void answersOnStandardOutputWithoutColours(LaunchResult result) {
        assertThat(result.getOutput()).contains("> What were the main findings in Q3?", "[q3-results]")
                .doesNotContain("\u001b[", "Asking");
        assertThat(result.getErrorOutput()).contains("Asking the built-in emulator", "output tokens");
    }

    @Test
    @Launch("--help")
    void printsUsage(LaunchResult result) {
        assertThat(result.getOutput()).startsWith("Usage: ").contains("Exit status:");
    }

    @Test
    @Launch(value = "--bogus", exitCode = 64)
    void exitsWithTheUsageStatus(LaunchResult result) {
        assertThat(result.getErrorOutput()).startsWith("chat: unknown option --bogus");
    }

    @Test
    void exitsWithTheStatusOfARejectedQuestion(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("x".repeat(1001));
        assertThat(result.exitCode()).isEqualTo(65);
        // The launcher adds Quarkus's INFO lines to the log; the demo's own lines start with its name.
        assertThat(result.getErrorStream()).filteredOn(line -> line.startsWith("chat: ")).singleElement().asString()
                .startsWith("chat: LlamaCloud answered HTTP 422");
        assertThat(result.getErrorOutput()).doesNotContain("\tat ");
    }
}
