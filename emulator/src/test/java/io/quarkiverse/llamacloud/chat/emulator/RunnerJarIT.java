package io.quarkiverse.llamacloud.chat.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code java -jar target/quarkus-llamacloud-chat-emulator-<version>-runner.jar --port 0}, after {@code package}. */
@Timeout(60)
class RunnerJarIT {

    @Test
    void runnerJarServesTheApi() throws Exception {
        Path jar = Path.of(System.getProperty("emulator.runner.jar"));
        assertThat(jar).exists();
        assertThat(Files.size(jar)).isGreaterThan(1_000_000L);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-jar", jar.toString(), "--port", "0").redirectErrorStream(true)
                .start();
        try {
            BufferedReader reader = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            int port = MainTest.awaitListening(reader, LlamaCloudEmulator.DEFAULT_API_KEY);
            TestClient client = new TestClient("http://127.0.0.1:" + port, LlamaCloudEmulator.DEFAULT_API_KEY);

            String id = client.createSession("[\"demo-index\"]");
            TestClient.Response turn = client.stream(id, "What were the main findings in Q3?");
            assertThat(turn.status()).isEqualTo(200);
            assertThat(StreamTest.single(turn.events(), "text").get("content").asText()).contains("[q3-results]");
            assertThat(turn.events().get(turn.events().size() - 1).type()).isEqualTo("stop");

            TestClient admin = new TestClient("http://127.0.0.1:" + port, null);
            assertThat(admin.post("/_emulator/faults", "{\"failNext\":{\"count\":1,\"status\":503}}").status())
                    .isEqualTo(200);
            assertThat(client.get("/api/v1/chat").status()).isEqualTo(503);
            assertThat(admin.get("/_emulator/stats").json().get("requests").asLong()).isEqualTo(3);
        } finally {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
