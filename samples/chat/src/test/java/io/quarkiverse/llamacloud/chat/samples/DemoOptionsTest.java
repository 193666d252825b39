package io.quarkiverse.llamacloud.chat.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The command line and environment, read before Quarkus starts.
 */
class DemoOptionsTest {

    private static final Map<String, String> NO_ENV = Map.of();

    @Test
    void helpAndVersionWinOverEverythingElse() {
        assertThat(DemoOptions.parse(List.of("--help"), NO_ENV)).isInstanceOf(DemoOptions.Help.class);
        assertThat(DemoOptions.parse(List.of("What", "-h"), NO_ENV)).isInstanceOf(DemoOptions.Help.class);
        assertThat(DemoOptions.parse(List.of("--version"), NO_ENV)).isInstanceOf(DemoOptions.Version.class);
        assertThat(DemoOptions.parse(List.of("-V"), NO_ENV)).isInstanceOf(DemoOptions.Version.class);
    }

    @Test
    void optionsAfterTheDoubleDashArePartOfTheQuestion() {
        DemoOptions options = ask(List.of("--", "--help", "me"), NO_ENV);
        assertThat(options.question()).isEqualTo("--help me");
    }

    @Test
    void mistakesAreUsageErrors() {
        assertThat(invalid(List.of(), NO_ENV)).isEqualTo(new DemoOptions.Invalid("no question given", 64));
        assertThat(invalid(List.of("  "), NO_ENV).message()).isEqualTo("no question given");
        assertThat(invalid(List.of("--bogus", "x"), NO_ENV).message()).startsWith("unknown option --bogus");
        assertThat(invalid(List.of("x", "--index"), NO_ENV).message()).isEqualTo("option --index needs a value");
        assertThat(invalid(List.of("x", "--index="), NO_ENV).message()).isEqualTo("option --index needs a value");
        assertThat(invalid(List.of("x", "--base-url", "ftp://host"), NO_ENV).message()).contains("http:// or https://");
        assertThat(invalid(List.of("x", "--base-url", "not a url"), NO_ENV).exitCode()).isEqualTo(64);
        assertThat(invalid(List.of("x", "--emulator", "--base-url=http://h"), NO_ENV).message())
                .isEqualTo("--emulator and --base-url exclude each other");
    }

    @Test
    void withoutAKeyTheEmulatorAnswersFromItsDemoIndex() {
        DemoOptions options = ask(List.of("What", "were", "the", "main", "findings", "in", "Q3?"), NO_ENV);
        assertThat(options.question()).isEqualTo("What were the main findings in Q3?");
        assertThat(options.emulator()).isTrue();
        assertThat(options.indexId()).isEqualTo("demo-index");
        assertThat(options.apiKey()).isNull();
        assertThat(options.baseUrl()).isNull();
    }

    @Test
    void aKeyAsksLlamaCloudWithTheIndexOfTheEnvironmentOrTheCommandLine() {
        Map<String, String> env = Map.of("LLAMA_CLOUD_API_KEY", "llx-secret", "LLAMA_CLOUD_INDEX_ID", "idx-env");
        DemoOptions fromEnv = ask(List.of("q"), env);
        assertThat(fromEnv.emulator()).isFalse();
        assertThat(fromEnv.indexId()).isEqualTo("idx-env");
        assertThat(ask(List.of("-i", "idx-cli", "q"), env).indexId()).isEqualTo("idx-cli");
        assertThat(ask(List.of("--index=idx-cli", "q"), env).indexId()).isEqualTo("idx-cli");
        // No index: asked anyway, TerminalChat says how to set one.
        assertThat(ask(List.of("q"), Map.of("LLAMA_CLOUD_API_KEY", "llx-secret")).indexId()).isNull();
        assertThat(fromEnv.toString()).doesNotContain("llx-secret");
    }

    @Test
    void theEmulatorOptionOverridesAKey() {
        DemoOptions options = ask(List.of("--emulator", "q"),
                Map.of("LLAMA_CLOUD_API_KEY", "llx-secret", "LLAMA_CLOUD_BASE_URL", "https://api.cloud.eu.llamaindex.ai"));
        assertThat(options.emulator()).isTrue();
        assertThat(options.apiKey()).isNull();
        assertThat(options.baseUrl()).isNull();
        assertThat(options.indexId()).isEqualTo("demo-index");
    }

    @Test
    void aBaseUrlWithoutAKeyIsAConfigurationError() {
        DemoOptions.Invalid invalid = invalid(List.of("--base-url", "http://127.0.0.1:8089", "q"), NO_ENV);
        assertThat(invalid.exitCode()).isEqualTo(78);
        assertThat(invalid.message()).contains("LLAMA_CLOUD_API_KEY");
        assertThat(invalid(List.of("q"), Map.of("LLAMA_CLOUD_BASE_URL", "http://127.0.0.1:8089")).exitCode())
                .isEqualTo(78);
    }

    @Test
    void coloursFollowNoColorAndTerm() {
        assertThat(ask(List.of("q"), NO_ENV).color()).isTrue();
        assertThat(ask(List.of("--no-color", "q"), NO_ENV).color()).isFalse();
        assertThat(ask(List.of("q"), Map.of("NO_COLOR", "1")).color()).isFalse();
        // https://no-color.org: present and not empty
        assertThat(ask(List.of("q"), Map.of("NO_COLOR", "")).color()).isTrue();
        assertThat(ask(List.of("q"), Map.of("TERM", "dumb")).color()).isFalse();
    }

    @Test
    void usageNamesEveryOptionAndExitStatus() {
        String usage = DemoOptions.usage("chat");
        assertThat(usage).startsWith("Usage: chat [OPTION]... [--] QUESTION...")
                .contains("--index ID", "--base-url URL", "--emulator", "--no-color", "--debug", "--help",
                        "--version", "LLAMA_CLOUD_API_KEY", "LLAMA_CLOUD_INDEX_ID", "NO_COLOR")
                .contains("  64 ", "  65 ", "  69 ", "  70 ", "  74 ", "  76 ", "  77 ", "  78 ")
                .contains("chat \"What were the main findings in Q3?\"");
    }

    private static DemoOptions ask(List<String> args, Map<String, String> env) {
        DemoOptions.Parsed parsed = DemoOptions.parse(args, env);
        assertThat(parsed).isInstanceOf(DemoOptions.Ask.class);
        return ((DemoOptions.Ask) parsed).options();
    }

    private static DemoOptions.Invalid invalid(List<String> args, Map<String, String> env) {
        DemoOptions.Parsed parsed = DemoOptions.parse(args, env);
        assertThat(parsed).isInstanceOf(DemoOptions.Invalid.class);
        return (DemoOptions.Invalid) parsed;
    }
}
