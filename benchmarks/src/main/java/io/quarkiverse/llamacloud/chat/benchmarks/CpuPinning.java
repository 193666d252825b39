package io.quarkiverse.llamacloud.chat.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the emulator and the clients on separate CPUs with {@code taskset}.
 * <p>
 * On a small machine the scheduler otherwise moves the event loops of both processes between the cores for every
 * burst of events, and one run of the same client differs from the next by a factor of two or more. Pinned, each
 * client's figure is what its own per-event work costs on one core while the server feeds it from another.
 */
final class CpuPinning {

    /** No pinning: one CPU, no {@code taskset}, or {@code --no-pin}. */
    static final CpuPinning NONE = new CpuPinning(null, "not pinned: the scheduler places every process");

    private final String emulatorCpu;
    private final String description;

    private CpuPinning(String emulatorCpu, String description) {
        this.emulatorCpu = emulatorCpu;
        this.description = description;
    }

    /**
     * Starts the suite again on every CPU but the last, which it keeps for the emulator, and waits for it. Pinned
     * from its start, the JVM sizes itself (garbage collector, event loops, compiler threads) for the CPUs it really
     * has, as in a container with a CPU limit; pinning a running JVM would leave it tuned for more.
     *
     * @param argv the suite's arguments
     * @return the pinned suite's exit code, or -1 when it cannot be pinned here (one CPU, no {@code taskset})
     */
    static int relaunchPinned(String[] argv) {
        int count = Runtime.getRuntime().availableProcessors();
        if (count < 2 || !run(List.of("taskset", "-p", String.valueOf(ProcessHandle.current().pid())))) {
            return -1;
        }
        String clients = count == 2 ? "0" : "0-" + (count - 2);
        String emulator = String.valueOf(count - 1);
        List<String> command = new ArrayList<>(List.of("taskset", "-c", clients, Processes.java()));
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.addAll(List.of("-jar", Suite.appDirectory().resolve("quarkus-run.jar").toString()));
        command.addAll(List.of(argv));
        command.add("--pinned=" + clients + "/" + emulator);
        try {
            Process suite = new ProcessBuilder(command).inheritIO().start();
            Runtime.getRuntime().addShutdownHook(new Thread(suite::destroy));
            return suite.waitFor();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }

    /**
     * @param split {@code clients/emulator}, as {@link #relaunchPinned} passes it
     * @return the pinning this (relaunched) suite runs with
     */
    static CpuPinning of(String split) {
        int slash = split.indexOf('/');
        String clients = split.substring(0, slash);
        String emulator = split.substring(slash + 1);
        return new CpuPinning(emulator, "this JVM and its child JVMs on CPU " + clients + ", the emulator on "
                + "CPU " + emulator + ", each pinned from its start with taskset (--no-pin to turn off)");
    }

    /** @return the command prefix that lets a process use every CPU again, or nothing when not pinned */
    List<String> allCpusCommandPrefix() {
        return emulatorCpu == null ? List.of() : List.of("taskset", "-c", "0-" + emulatorCpu);
    }

    /** @return the command prefix that starts the emulator on its CPU, or nothing */
    List<String> emulatorCommandPrefix() {
        return emulatorCpu == null ? List.of() : List.of("taskset", "-c", emulatorCpu);
    }

    String describe() {
        return description;
    }

    private static boolean run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
