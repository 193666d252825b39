package io.quarkiverse.llamacloud.chat.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs the packaged suite in smoke mode, as CI would: every benchmark, tiny sizes, all three clients. Checks that it
 * completes and prints every table, not the numbers.
 */
class BenchmarkSmokeIT {

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void smokeModeRunsEveryBenchmark() throws IOException, InterruptedException {
        Path app = Path.of(System.getProperty("benchmarks.app", "target/quarkus-app/quarkus-run.jar"));
        assertThat(app).isRegularFile();
        Path out = Files.createTempDirectory("benchmark-smoke");
        Path log = out.resolve("output.txt");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-jar", app.toString(), "--smoke", "--out=" + out)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(4, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("the smoke run did not finish in 4 minutes:\n" + Files.readString(log));
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).as(output).contains("== Throughput", "== Time to first event", "== Memory per open idle stream",
                "== Most idle streams", "== Decoding", "== Start-up", "ours/raw", "ours/peer")
                .doesNotContain("FAILED");
        for (String file : List.of("results.txt", "results.adoc", "results.json", "results.svg")) {
            assertThat(out.resolve(file)).isNotEmptyFile();
        }
    }
}
