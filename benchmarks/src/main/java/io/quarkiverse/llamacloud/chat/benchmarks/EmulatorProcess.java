package io.quarkiverse.llamacloud.chat.benchmarks;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The emulator in a process of its own, its standalone jar with {@link BenchEmulator} (the benchmark fast path), and
 * its admin API.
 */
final class EmulatorProcess implements AutoCloseable {

    static final String API_KEY = "llx-bench";
    private static final Pattern LISTENING = Pattern
            .compile("LlamaCloud Chat emulator listening on http://([^:]+):(\\d+) \\(API key: (.+)\\)");

    private final Process process;
    final Admin admin;

    private EmulatorProcess(Process process, String baseUrl) {
        this.process = process;
        this.admin = new Admin(baseUrl);
    }

    /** This module's own jar (or classes directory), which holds {@link BenchEmulator}. */
    private static String benchmarkClasses() {
        Path app = Suite.appDirectory().resolve("app");
        if (Files.isDirectory(app)) {
            try (Stream<Path> jars = Files.list(app)) {
                return jars.map(Path::toString).filter(name -> name.endsWith(".jar"))
                        .collect(Collectors.joining(File.pathSeparator));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return System.getProperty("java.class.path");
    }

    String baseUrl() {
        return admin.baseUrl;
    }

    long pid() {
        return process.pid();
    }

    /**
     * @param commandPrefix run before {@code java}, such as {@code taskset -c 1}; or empty
     */
    static EmulatorProcess start(Path runnerJar, List<String> jvmOptions, List<String> commandPrefix) {
        if (!Files.isRegularFile(runnerJar)) {
            throw new IllegalStateException("No emulator runner jar at " + runnerJar
                    + ": build the benchmarks with `package` (it copies it), or pass --emulator-jar=PATH");
        }
        List<String> command = new ArrayList<>(commandPrefix);
        command.add(Processes.java());
        command.addAll(jvmOptions);
        // The emulator's own jar first: BenchEmulator and BenchResponder need only it and this module's classes.
        command.addAll(List.of("-cp", runnerJar + File.pathSeparator + benchmarkClasses(),
                BenchEmulator.class.getName(), API_KEY));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            BufferedReader reader = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line;
            StringBuilder seen = new StringBuilder();
            while ((line = reader.readLine()) != null) {
                Matcher matcher = LISTENING.matcher(line.strip());
                if (matcher.matches()) {
                    EmulatorProcess emulator = new EmulatorProcess(process,
                            "http://127.0.0.1:" + Integer.parseInt(matcher.group(2)));
                    Processes.drain(reader, "emulator");
                    Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
                    return emulator;
                }
                seen.append(line).append('\n');
            }
            throw new IllegalStateException("The emulator exited without listening:\n" + seen);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** The emulator's Chat API (sessions) and admin API (counters), on {@code java.net.http}: not measured. */
    static final class Admin {
        final String baseUrl;
        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();

        Admin(String baseUrl) {
            this.baseUrl = baseUrl;
        }

        String createSession(String indexIdsJson) {
            JsonNode summary = send("POST", "/api/v1/chat",
                    indexIdsJson == null ? "{}" : "{\"index_ids\":" + indexIdsJson + "}");
            return summary.get("session_id").asText();
        }

        JsonNode stats() {
            return send("GET", "/_emulator/stats", null);
        }

        int openStreams() {
            return stats().path("openStreams").asInt();
        }

        /**
         * Waits until the emulator's open stream count satisfies the condition.
         *
         * @return whether it did within the timeout
         */
        boolean awaitOpenStreams(IntPredicate condition, Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                if (condition.test(openStreams())) {
                    return true;
                }
                if (System.nanoTime() > deadline) {
                    return false;
                }
                Processes.sleep(20);
            }
        }

        /**
         * Waits until no stream is open and the connection count has settled (the previous child process has gone;
         * the suite's own clients may keep a few pooled connections).
         */
        void awaitQuiet(Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            int previous = -1;
            while (true) {
                JsonNode stats = stats();
                int connections = stats.path("openConnections").asInt();
                if (stats.path("openStreams").asInt() == 0 && (connections == 0 || connections == previous)) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    System.err.println("  (the emulator still has " + connections + " connections and "
                            + stats.path("openStreams") + " streams open; going on)");
                    return;
                }
                previous = stats.path("openStreams").asInt() == 0 ? connections : -1;
                Processes.sleep(500);
            }
        }

        private JsonNode send(String method, String path, String body) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + API_KEY)
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body));
            if (body != null) {
                request.header("Content-Type", "application/json");
            }
            try {
                HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    throw new IllegalStateException(method + " " + path + ": " + response.statusCode() + " "
                            + response.body());
                }
                return Json.parse(response.body());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
