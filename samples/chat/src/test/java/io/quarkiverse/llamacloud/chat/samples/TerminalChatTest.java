package io.quarkiverse.llamacloud.chat.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkiverse.llamacloud.chat.emulator.EmulatorOptions;
import io.quarkiverse.llamacloud.chat.emulator.LlamaCloudEmulator;
import io.quarkus.test.junit.main.Launch;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;

/**
 * The demo, launched as the README launches it: with no key it answers from its own emulator; with a key it asks the
 * base URL it is given, here a second emulator on loopback that stands in for LlamaCloud and fails on request.
 */
@QuarkusMainTest
public class TerminalChatTest {

    private static final String KEY_PROPERTY = "quarkus.llamacloud.api-key";

    static LlamaCloudEmulator llamaCloud;

    @BeforeAll
    static void startLlamaCloud() {
        llamaCloud = LlamaCloudEmulator.start(EmulatorOptions.defaults().withApiKey("llx-right"));
    }

    @AfterAll
    static void stopLlamaCloud() {
        llamaCloud.close();
    }

    @AfterEach
    void forgetKey() {
        System.clearProperty(KEY_PROPERTY);
        llamaCloud.reset();
    }

    @Test
    @Launch({ "What", "were", "the", "main", "findings", "in", "Q3?" })
    void streamsAnAnswerFromTheBuiltInEmulatorWithoutAKey(LaunchResult result) {
        assertThat(result.exitCode()).isZero();
        assertThat(result.getOutput()).contains("> What were the main findings in Q3?", "Thinking: ",
                "-> retrieve", "<- 3 result(s)", "revenue growth of 12%")
                .doesNotContain("\u001b[", "Asking", "tokens");
        assertThat(result.getErrorOutput()).contains("Asking the built-in emulator at http://127.0.0.1:",
                "(index demo-index); set LLAMA_CLOUD_API_KEY to ask LlamaCloud.", "output tokens",
                "first event");
    }

    @Test
    @Launch("--help")
    void printsUsageWithoutStartingAnything(LaunchResult result) {
        assertThat(result.getOutput()).startsWith("Usage: ").contains("--index ID", "Exit status:");
        assertThat(result.getErrorOutput()).isEmpty();
    }

    @Test
    @Launch("--version")
    void printsTheVersion(LaunchResult result) {
        assertThat(result.getOutput()).matches("chat \\(LlamaCloud Chat demo\\) \\S+, Quarkus 3\\.\\S+\\s*");
    }

    @Test
    @Launch(value = { "--bogus", "x" }, exitCode = 64)
    void rejectsAnUnknownOptionInOneLine(LaunchResult result) {
        assertThat(result.getOutput()).isEmpty();
        assertThat(result.getErrorOutput()).startsWith("chat: unknown option --bogus").contains("--help");
    }

    @Test
    void aQuestionTheServiceRejectsIsOneLineAndItsOwnStatus(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("x".repeat(1001));
        assertThat(result.exitCode()).isEqualTo(65);
        // The session was created; the turn was refused, so nothing but the question was printed.
        assertThat(result.getOutputStream()).filteredOn(line -> !line.contains(" WARN "))
                .containsExactly("> " + "x".repeat(1001));
        assertOneLineError(result, "chat: LlamaCloud answered HTTP 422 (request id req-");
        assertThat(result.getErrorOutput()).contains("at most 1000 characters");
    }

    @Test
    void asksTheGivenLlamaCloudAndSaysWhich(QuarkusMainLauncher launcher) {
        System.setProperty(KEY_PROPERTY, "llx-right");
        LaunchResult result = launcher.launch("--base-url", llamaCloud.baseUrl(), "--index", "demo-index",
                "What were the main findings in Q3?");
        assertThat(result.exitCode()).isZero();
        assertThat(result.getErrorOutput())
                .startsWith("Asking LlamaCloud at " + llamaCloud.baseUrl() + " (index demo-index).");
        assertThat(result.getOutput()).contains("revenue growth of 12%");
        assertThat(llamaCloud.stats().streamsStarted()).isEqualTo(1);
    }

    @Test
    void withoutAnIndexItSaysHowToSetOne(QuarkusMainLauncher launcher) {
        System.setProperty(KEY_PROPERTY, "llx-right");
        LaunchResult result = launcher.launch("--base-url", llamaCloud.baseUrl(), "Q3?");
        assertThat(result.exitCode()).isZero();
        assertThat(result.getErrorOutput()).contains("No index given", "LLAMA_CLOUD_INDEX_ID", "--index");
    }

    @Test
    void aRejectedKeyIsOneLineAndItsOwnStatus(QuarkusMainLauncher launcher) {
        System.setProperty(KEY_PROPERTY, "llx-wrong");
        LaunchResult result = launcher.launch("--base-url", llamaCloud.baseUrl(), "Q3?");
        assertThat(result.exitCode()).isEqualTo(77);
        assertOneLineError(result, "chat: LlamaCloud answered HTTP 401 (request id req-");
        assertThat(result.getErrorOutput()).contains("check LLAMA_CLOUD_API_KEY");
    }

    @Test
    void anOverloadedServiceIsOneLineAndItsOwnStatus(QuarkusMainLauncher launcher) {
        System.setProperty(KEY_PROPERTY, "llx-right");
        // Creating a session is not retried on a 503 (it may have been created): one fault is enough.
        llamaCloud.faults().failNext(1, 503, Map.of());
        LaunchResult result = launcher.launch("--base-url", llamaCloud.baseUrl(), "Q3?");
        assertThat(result.exitCode()).isEqualTo(69);
        assertOneLineError(result, "chat: LlamaCloud answered HTTP 503 (request id req-");
    }

    @Test
    void aClosedPortIsOneLineAndItsOwnStatus(QuarkusMainLauncher launcher) {
        System.setProperty(KEY_PROPERTY, "llx-right");
        LaunchResult result = launcher.launch("--base-url", "http://127.0.0.1:1", "Q3?");
        assertThat(result.exitCode()).isEqualTo(74);
        assertOneLineError(result, "chat: POST /api/v1/chat failed");
        assertThat(result.getErrorOutput()).contains("Connection refused");
    }

    @Test
    void aStreamCutShortKeepsWhatArrivedAndHasItsOwnStatus(QuarkusMainLauncher launcher) {
        System.setProperty(KEY_PROPERTY, "llx-right");
        llamaCloud.faults().cutStreamAfter(2);
        LaunchResult result = launcher.launch("--base-url", llamaCloud.baseUrl(), "--index", "demo-index", "Q3?");
        assertThat(result.exitCode()).isEqualTo(76);
        assertThat(result.getOutput()).contains("Thinking: ");
        assertOneLineError(result, "chat: ");
    }

    @Test
    void aFailedTurnIsReportedWithStatusOne(QuarkusMainLauncher launcher) {
        System.setProperty(KEY_PROPERTY, "llx-right");
        llamaCloud.faults().failTurn("Model overloaded");
        LaunchResult result = launcher.launch("--base-url", llamaCloud.baseUrl(), "--index", "demo-index", "Q3?");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.getErrorOutput()).contains("chat: LlamaCloud reported the turn as failed: Model overloaded");
    }

    @Test
    void debugAddsTheStackTrace(QuarkusMainLauncher launcher) {
        System.setProperty(KEY_PROPERTY, "llx-right");
        LaunchResult result = launcher.launch("--debug", "--base-url", "http://127.0.0.1:1", "Q3?");
        assertThat(result.exitCode()).isEqualTo(74);
        assertThat(result.getErrorOutput()).contains("io.quarkiverse.llamacloud.chat.LlamaCloudIoException", "\tat ");
    }

    /** The failure's line is the last one on stderr, after the line saying where the question went. */
    private static void assertOneLineError(LaunchResult result, String start) {
        assertThat(result.getErrorStream()).last().asString().startsWith(start);
        assertThat(result.getErrorOutput()).doesNotContain("\tat ", "Exception in", "Failed to start");
        assertThat(result.getErrorStream().stream().filter(line -> line.startsWith("chat: "))).hasSize(1);
    }

}
