package io.quarkiverse.llamacloud.chat.benchmarks;

import java.nio.file.Path;
import java.util.List;

import jakarta.inject.Inject;

import io.quarkiverse.llamacloud.chat.ChatSessions;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.vertx.core.Vertx;

/**
 * The benchmark suite, a Quarkus command-mode application so that "ours" is the real extension:
 * {@code java -jar benchmarks/target/quarkus-app/quarkus-run.jar [--smoke]}.
 * <p>
 * Before Quarkus starts, {@link #main} launches the emulator's runner jar as a process of its own and points the
 * extension at it. The same entry point also runs the suite's child processes ({@code --child=...}), which get the
 * emulator's address from their parent.
 */
@QuarkusMain
public class BenchmarkMain implements QuarkusApplication {

    static final String USAGE = """
            Usage: java -jar benchmarks/target/quarkus-app/quarkus-run.jar [options]
              --smoke                  a tiny version of every benchmark (about a minute)
              --no-pin                 let the scheduler place the emulator and the clients (default: the emulator
                                       on the last CPU, the suite and its child processes on the others, via taskset)
              --only=a,b               only these: throughput, first-event, idle, max-streams, decode, startup
              --emulator-jar=PATH      the emulator's runner jar (default: benchmarks/target/emulator-runner.jar)
              --it-app=PATH            the integration-tests app (default: integration-tests/target/quarkus-app/quarkus-run.jar)
              --out=DIR                where results.{txt,adoc,json,svg} go (default: benchmarks/target/benchmark-results)
              --events=N --content-bytes=N --streams=N --stream-events=N --turns=N --warmup-turns=N
              --idle-counts=N,N --max-cap=N
              --dump-first-event=PREFIX   write each client's time-to-first-event samples, in order, to PREFIX-<client>.txt
              --turn-pause-ms=N        wait N ms between time-to-first-event turns (default 0)
                                       override the sizes""";

    static EmulatorProcess emulator;
    static CpuPinning cpus = CpuPinning.NONE;

    @Inject
    ChatSessions chat;

    @Inject
    Vertx vertx;

    public static void main(String... argv) {
        Args args = new Args(argv);
        if (args.has("help")) {
            System.out.println(USAGE);
            return;
        }
        if (!args.has("child")) {
            Path emulatorJar = Path.of(args.get("emulator-jar",
                    Suite.appDirectory().resolve("../emulator-runner.jar").normalize().toString()));
            if (!args.has("no-pin") && !args.has("pinned")) {
                int exit = CpuPinning.relaunchPinned(argv);
                if (exit >= 0) {
                    System.exit(exit);
                }
                System.err.println("Not pinned to CPUs (one CPU, or no taskset): the figures will vary more");
            }
            cpus = args.has("pinned") ? CpuPinning.of(args.get("pinned", "")) : CpuPinning.NONE;
            List<String> prefix = cpus.emulatorCommandPrefix();
            System.err.println("Starting the emulator (" + emulatorJar + ") ...");
            emulator = EmulatorProcess.start(emulatorJar, List.of(), prefix);
            System.setProperty("quarkus.llamacloud.base-url", emulator.baseUrl());
            System.setProperty("quarkus.llamacloud.api-key", EmulatorProcess.API_KEY);
        }
        Quarkus.run(BenchmarkMain.class, argv);
    }

    @Override
    public int run(String... argv) throws Exception {
        Args args = new Args(argv);
        if (args.has("child")) {
            return Children.run(args, chat, vertx);
        }
        try {
            return new Suite(args, emulator, cpus, chat, vertx).run();
        } finally {
            emulator.close();
        }
    }
}
