package io.quarkiverse.llamacloud.chat.deployment;

import io.quarkiverse.llamacloud.chat.emulator.LlamaCloudEmulator;

/**
 * One emulator per test JVM, shared by the test classes that drive it over its admin API. QuarkusUnitTest loads a
 * test class twice (once per class loader), so only the port is shared, through a system property; each test class
 * adds this class to its application.
 */
final class TestEmulator {

    private static final String PORT = "llamacloud.test.emulator-port";

    private TestEmulator() {
    }

    static synchronized int port() {
        String port = System.getProperty(PORT);
        if (port == null) {
            LlamaCloudEmulator emulator = LlamaCloudEmulator.start();
            Runtime.getRuntime().addShutdownHook(new Thread(emulator::close));
            port = String.valueOf(emulator.port());
            System.setProperty(PORT, port);
        }
        return Integer.parseInt(port);
    }

    static String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    /** The key of {@link #second()}, another than the first emulator's. */
    static final String SECOND_KEY = "llx-second";

    /** @return the base URL of a second emulator, with {@link #SECOND_KEY}: another region or account */
    static synchronized String second() {
        String port = System.getProperty(PORT + ".second");
        if (port == null) {
            LlamaCloudEmulator emulator = LlamaCloudEmulator.start(
                    io.quarkiverse.llamacloud.chat.emulator.EmulatorOptions.defaults().withApiKey(SECOND_KEY));
            Runtime.getRuntime().addShutdownHook(new Thread(emulator::close));
            port = String.valueOf(emulator.port());
            System.setProperty(PORT + ".second", port);
        }
        return "http://127.0.0.1:" + port;
    }
}
