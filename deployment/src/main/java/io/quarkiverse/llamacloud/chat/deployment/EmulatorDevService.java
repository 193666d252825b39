package io.quarkiverse.llamacloud.chat.deployment;

import io.quarkiverse.llamacloud.chat.emulator.EmulatorOptions;
import io.quarkiverse.llamacloud.chat.emulator.LlamaCloudEmulator;
import io.quarkus.deployment.builditem.Startable;

/**
 * The emulator as a Dev Service: started by Quarkus when the application starts, closed when it stops.
 */
final class EmulatorDevService implements Startable {

    private final int port;
    private volatile LlamaCloudEmulator emulator;

    /**
     * @param port the port to listen on, {@code 0} for a free one
     */
    EmulatorDevService(int port) {
        this.port = port;
    }

    @Override
    public void start() {
        EmulatorOptions defaults = EmulatorOptions.defaults();
        emulator = LlamaCloudEmulator.start(
                new EmulatorOptions(defaults.host(), port, defaults.apiKey(), defaults.demoCorpus()));
    }

    String baseUrl() {
        return emulator.baseUrl();
    }

    String apiKey() {
        return emulator.apiKey();
    }

    @Override
    public String getConnectionInfo() {
        return emulator == null ? "not started" : emulator.baseUrl();
    }

    @Override
    public String getContainerId() {
        return null;
    }

    @Override
    public void close() {
        LlamaCloudEmulator running = emulator;
        if (running != null) {
            running.close();
        }
    }
}
