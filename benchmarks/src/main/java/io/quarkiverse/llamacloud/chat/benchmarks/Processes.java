package io.quarkiverse.llamacloud.chat.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Child processes, and what the benchmarks read about a process. */
final class Processes {

    private Processes() {
    }

    /** @return the {@code java} of the running JVM, so that every process runs on the same one */
    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Reads a process's remaining output in the background, printing it to stderr with a prefix. */
    static void drain(BufferedReader reader, String prefix) {
        Thread thread = new Thread(() -> {
            try {
                String line;
                while ((line = reader.readLine()) != null) {
                    if (!line.isBlank() && !line.contains("Connection reset")) {
                        System.err.println("  [" + prefix + "] " + line);
                    }
                }
            } catch (IOException ignored) {
                // the process is gone
            }
        }, prefix + "-output");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Runs a command and hands each line of its output (stdout and stderr together) to {@code lines}.
     *
     * @return the exit code
     */
    static int run(List<String> command, Consumer<String> lines) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            try (BufferedReader reader = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    lines.accept(line);
                }
            }
            return process.waitFor();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** @return the resident set size of a process, in bytes, from {@code /proc/<pid>/status} ({@code VmRSS}) */
    static long rss(long pid) {
        return statusField(Path.of("/proc", String.valueOf(pid), "status"), "VmRSS:");
    }

    /** @return this process's resident set size, in bytes, from {@code /proc/self/status} */
    static long rss() {
        return statusField(Path.of("/proc/self/status"), "VmRSS:");
    }

    private static long statusField(Path status, String field) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith(field)) {
                    String[] parts = line.substring(field.length()).trim().split("\\s+");
                    return Long.parseLong(parts[0]) * 1024;
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }

    /** @return the heap in use after full collections (the live set), in bytes */
    static long heapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        sleep(100);
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** @return the soft limit of open files of this process */
    static long openFileLimit() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    String[] parts = line.substring("Max open files".length()).trim().split("\\s+");
                    return parts[0].equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(parts[0]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /** @return how many files this process has open */
    static int openFiles() {
        try (var files = Files.list(Path.of("/proc/self/fd"))) {
            return (int) files.count();
        } catch (IOException e) {
            return -1;
        }
    }

    /** @return {@code /proc/loadavg}'s first three fields */
    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "?";
        }
    }

    static double loadAverage1() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+")[0]);
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    /** @return the command lines of other busy processes (more than 20% CPU since they started) */
    static List<String> busyProcesses() {
        List<String> busy = new ArrayList<>();
        long self = ProcessHandle.current().pid();
        ProcessHandle.allProcesses().filter(p -> p.pid() != self).forEach(p -> {
            var info = p.info();
            var cpu = info.totalCpuDuration();
            var start = info.startInstant();
            if (cpu.isPresent() && start.isPresent()) {
                long wall = java.time.Duration.between(start.get(), java.time.Instant.now()).toMillis();
                if (wall > 2000 && cpu.get().toMillis() > 0.2 * wall) {
                    String command = info.command().orElse("?");
                    busy.add(p.pid() + " " + command.substring(command.lastIndexOf('/') + 1) + " ("
                            + Math.round(100.0 * cpu.get().toMillis() / wall) + "% CPU)");
                }
            }
        });
        return busy;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
