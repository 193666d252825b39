package io.quarkiverse.llamacloud.chat.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * LlamaCloud's official TypeScript SDK ({@code @llamaindex/llama-cloud} 2.16.0, an independent client generated from
 * the service's OpenAPI contract) drives the emulator through every Chat API call: the emulator must accept what the
 * SDK sends, answer what the SDK's typings expect, and reject what the contract forbids.
 * <p>
 * Needs {@code node} and {@code npm} with the npm registry; without them it is skipped, except under {@code CI=true},
 * where it must run.
 */
class OfficialSdkTest extends EmulatorTestBase {

    private static final String PROMPT = "What were the main findings in Q3?";

    @Test
    void everyCallOfTheOfficialSdkWorksAgainstTheEmulator() throws Exception {
        Path dir = Path.of("target", "official-sdk");
        Files.createDirectories(dir);
        for (String file : List.of("package.json", "contract.js")) {
            try (InputStream in = getClass().getResourceAsStream("/official-sdk/" + file)) {
                Files.copy(in, dir.resolve(file), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
        Result install = run(dir, Map.of(), "npm", "install", "--no-audit", "--no-fund", "--loglevel=error");
        if (!ci) {
            assumeTrue(install.exitCode() == 0, "npm install of @llamaindex/llama-cloud failed, so this contract "
                    + "check is skipped (install Node.js and npm, with the npm registry, to run it): " + install.output());
        }
        assertThat(install.exitCode()).as("npm install: " + install.output()).isZero();

        Result contract = run(dir, Map.of("BASE", emulator.baseUrl(), "KEY", emulator.apiKey(), "PROMPT", PROMPT),
                "node", "contract.js");
        assertThat(contract.exitCode()).as(contract.output()).isZero();
        String lastLine = contract.output().strip().lines().reduce((a, b) -> b).orElse("");
        JsonNode out = TestClient.json(lastLine);

        assertThat(out.at("/created/index_ids/0").asText()).isEqualTo("demo-index");
        assertThat(out.at("/unbound/index_ids").isNull()).isTrue();
        assertThat(out.get("streamed").asText()).contains("event: delta", "\"type\":\"stop\"");
        JsonNode full = out.get("full");
        assertThat(full.at("/events/0/type").asText()).isEqualTo("user_input");
        assertThat(full.at("/events/0/content").asText()).isEqualTo(PROMPT);
        assertThat(full.get("events").get(full.get("events").size() - 1).get("type").asText()).isEqualTo("stop");
        assertThat(out.at("/summary/generated_title").asText()).isEqualTo(PROMPT + "...");
        assertThat(out.at("/summary/job_metadata/turns").asInt()).isPositive();
        List<String> listed = new ArrayList<>();
        out.get("listed").forEach(id -> listed.add(id.asText()));
        assertThat(listed).as("the SDK's cursor pagination, a page of one at a time").containsExactlyInAnyOrder(
                out.at("/created/session_id").asText(), out.at("/unbound/session_id").asText());
        assertThat(out.at("/deleted/error").isMissingNode()).as(out.get("deleted").toString()).isTrue();
        assertThat(out.at("/afterDelete/status").asInt()).isEqualTo(404);
        assertThat(out.at("/withoutIndexIds/status").asInt()).isEqualTo(422);
        assertThat(out.at("/withoutIndexIds/body/detail/0/loc").toString()).isEqualTo("[\"body\",\"index_ids\"]");
        assertThat(out.at("/badKey/status").asInt()).isEqualTo(401);
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(Path dir, Map<String, String> env, String... command) throws InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        try {
            Process process = builder.start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                return new Result(-1, "timed out");
            }
            return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Result(-1, command[0] + " cannot be run: " + e.getMessage());
        }
    }
}
