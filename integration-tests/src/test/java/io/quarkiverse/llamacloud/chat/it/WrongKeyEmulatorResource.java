package io.quarkiverse.llamacloud.chat.it;

import java.util.Map;

import io.quarkiverse.llamacloud.chat.emulator.LlamaCloudEmulator;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A LlamaCloud Chat emulator on loopback, and an application configured with a key the emulator does not accept: the
 * emulator answers every API call with its real {@code 401}.
 */
public class WrongKeyEmulatorResource implements QuarkusTestResourceLifecycleManager {

    /** The key the application sends; the emulator accepts only its own. */
    public static final String WRONG_KEY = "llx-revoked-key";

    private LlamaCloudEmulator emulator;

    @Override
    public Map<String, String> start() {
        emulator = LlamaCloudEmulator.start();
        return Map.of("quarkus.llamacloud.base-url", emulator.baseUrl(), "quarkus.llamacloud.api-key", WRONG_KEY);
    }

    @Override
    public void stop() {
        if (emulator != null) {
            emulator.close();
            emulator = null;
        }
    }
}
