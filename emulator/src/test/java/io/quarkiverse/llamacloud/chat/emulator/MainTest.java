package io.quarkiverse.llamacloud.chat.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The standalone entry point. */
@Timeout(60)
class MainTest {

    static final Pattern LISTENING = Pattern
            .compile("LlamaCloud Chat emulator listening on http://([^:]+):(\\d+) \\(API key: (.+)\\)");

    @Test
    void runParsesTheCommandLineAndPrintsOneLine() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (LlamaCloudEmulator emulator = LlamaCloudEmulator.run(
                new String[] { "--port", "0", "--host", "127.0.0.1", "--api-key", "llx-main", "--no-demo-corpus" },
                new PrintStream(out, true, StandardCharsets.UTF_8))) {
            String printed = out.toString(StandardCharsets.UTF_8);
            assertThat(printed.lines()).hasSize(1);
            Matcher matcher = LISTENING.matcher(printed.strip());
            assertThat(matcher.matches()).as(printed).isTrue();
            assertThat(matcher.group(1)).isEqualTo("127.0.0.1");
            assertThat(Integer.parseInt(matcher.group(2))).isEqualTo(emulator.port()).isPositive();
            assertThat(matcher.group(3)).isEqualTo("llx-main");
            assertThat(emulator.options().demoCorpus()).isFalse();
            assertThat(TestClient.of(emulator).get("/api/v1/chat").status()).isEqualTo(200);
        }
    }

    @Test
    void equalsSyntaxAndDefaults() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (LlamaCloudEmulator emulator = LlamaCloudEmulator.run(new String[] { "--port=0" },
                new PrintStream(out, true, StandardCharsets.UTF_8))) {
            assertThat(emulator.apiKey()).isEqualTo(LlamaCloudEmulator.DEFAULT_API_KEY);
            assertThat(emulator.options().host()).isEqualTo("127.0.0.1");
            assertThat(emulator.options().demoCorpus()).isTrue();
        }
    }

    @Test
    void helpAndBadCommandLines() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(LlamaCloudEmulator.run(new String[] { "--help" }, new PrintStream(out, true, StandardCharsets.UTF_8)))
                .isNull();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--port", "--host", "--api-key");
        PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertThatThrownBy(() -> LlamaCloudEmulator.run(new String[] { "--bogus" }, sink))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--bogus");
        assertThatThrownBy(() -> LlamaCloudEmulator.run(new String[] { "--port" }, sink))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LlamaCloudEmulator.run(new String[] { "--port", "http" }, sink))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LlamaCloudEmulator.run(new String[] { "--port", "70000" }, sink))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void mainRunsInItsOwnProcess() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                LlamaCloudEmulator.class.getName(), "--port", "0", "--api-key", "llx-process")
                .redirectErrorStream(true).start();
        try {
            BufferedReader reader = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            int port = awaitListening(reader, "llx-process");
            TestClient client = new TestClient("http://127.0.0.1:" + port, "llx-process");
            String id = client.createSession("[\"demo-index\"]");
            assertThat(client.stream(id, "What were the main findings in Q3?").events()).extracting(SseEvent::type)
                    .contains("tool_result", "text", "stop");
        } finally {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    /** Reads the process's output up to the "listening" line and returns the port. */
    static int awaitListening(BufferedReader reader, String apiKey) throws java.io.IOException {
        StringBuilder seen = new StringBuilder();
        String line;
        while ((line = reader.readLine()) != null) {
            Matcher matcher = LISTENING.matcher(line.strip());
            if (matcher.matches()) {
                assertThat(matcher.group(3)).isEqualTo(apiKey);
                return Integer.parseInt(matcher.group(2));
            }
            seen.append(line).append('\n');
        }
        throw new AssertionError("The emulator exited without listening:\n" + seen);
    }

}
