package io.quarkiverse.llamacloud.chat.it;

import org.eclipse.microprofile.config.ConfigProvider;

import io.quarkiverse.llamacloud.chat.emulator.EmulatorClient;
import io.quarkus.test.common.DevServicesContext;

/**
 * The emulator that Dev Services started for the application under test, driven through its admin API.
 * <p>
 * Works in both kinds of test: a {@code @QuarkusIntegrationTest} runs the packaged application in another process,
 * so the emulator's URL comes from the Dev Services properties Quarkus injects into a {@link DevServicesContext}
 * field; a {@code @QuarkusTest} shares the application's configuration, which has the URL too.
 */
final class DevServicesEmulator {

    private static final String BASE_URL = "quarkus.llamacloud.base-url";

    private DevServicesEmulator() {
    }

    /**
     * @param context the test's injected Dev Services context, or {@code null}
     * @return a client of the emulator's admin API, its state reset
     */
    static EmulatorClient reset(DevServicesContext context) {
        String url = context == null ? null : context.devServicesProperties().get(BASE_URL);
        if (url == null) {
            url = ConfigProvider.getConfig().getOptionalValue(BASE_URL, String.class).orElseThrow(
                    () -> new IllegalStateException("No LlamaCloud Chat emulator: Dev Services set no " + BASE_URL));
        }
        return EmulatorClient.at(url).reset();
    }
}
