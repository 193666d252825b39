package io.quarkiverse.llamacloud.chat.deployment;

import io.quarkiverse.llamacloud.chat.emulator.LlamaCloudEmulator;

/**
 * One emulator per test JVM standing in for LlamaCloud, for tests that point the application at it themselves.
 * QuarkusUnitTest loads each test class twice (JUnit's class loader and the application's), so only the emulator's URL
 * is shared, through a system property, and tests drive it over its admin API ({@code EmulatorClient}).
 */
final class LoopbackLlamaCloud {

    private static final String URL_PROPERTY = "llamacloud.test.loopback-emulator";

    private LoopbackLlamaCloud() {
    }

    static synchronized String baseUrl() {
        String url = System.getProperty(URL_PROPERTY);
        if (url == null) {
            LlamaCloudEmulator emulator = LlamaCloudEmulator.start();
            Runtime.getRuntime().addShutdownHook(new Thread(emulator::close));
            url = emulator.baseUrl();
            System.setProperty(URL_PROPERTY, url);
        }
        return url;
    }
}
