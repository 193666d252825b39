package io.quarkiverse.llamacloud.chat.benchmarks;

import io.quarkiverse.llamacloud.chat.emulator.EmulatorOptions;
import io.quarkiverse.llamacloud.chat.emulator.LlamaCloudEmulator;

/**
 * The emulator as the suite runs it, in a process of its own: its standalone jar on the class path with this class,
 * the benchmark fast path ({@link BenchResponder}) installed. Arguments: {@code apiKey}. Listens on a free port and
 * prints the emulator's own "listening" line, then runs until killed.
 */
public final class BenchEmulator {

    private BenchEmulator() {
    }

    public static void main(String[] args) throws InterruptedException {
        LlamaCloudEmulator emulator = LlamaCloudEmulator.start(EmulatorOptions.defaults().withPort(0).withApiKey(args[0]))
                .respondWith(new BenchResponder());
        System.out.println("LlamaCloud Chat emulator listening on http://" + emulator.options().host() + ":"
                + emulator.port() + " (API key: " + emulator.apiKey() + ")");
        System.out.flush();
        Runtime.getRuntime().addShutdownHook(new Thread(emulator::close, "bench-emulator-shutdown"));
        Thread.currentThread().join();
    }
}
