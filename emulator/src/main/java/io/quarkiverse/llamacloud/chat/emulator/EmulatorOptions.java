package io.quarkiverse.llamacloud.chat.emulator;

import java.util.Objects;

/**
 * How to start a {@link LlamaCloudEmulator}.
 *
 * @param host the interface to bind, e.g. {@code 127.0.0.1} or {@code 0.0.0.0}
 * @param port the port to bind; {@code 0} picks a free one
 * @param apiKey the API key the emulator accepts in {@code Authorization: Bearer <key>}
 * @param demoCorpus whether to load the built-in demo corpus (index {@code demo-index})
 */
public record EmulatorOptions(String host, int port, String apiKey, boolean demoCorpus) {

    /** Validates the options. */
    public EmulatorOptions {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(apiKey, "apiKey");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        if (apiKey.isBlank()) {
            throw new IllegalArgumentException("apiKey must not be blank");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
        }
    }

    /** @return {@code 127.0.0.1}, a random free port, {@link LlamaCloudEmulator#DEFAULT_API_KEY}, demo corpus loaded */
    public static EmulatorOptions defaults() {
        return new EmulatorOptions("127.0.0.1", 0, LlamaCloudEmulator.DEFAULT_API_KEY, true);
    }

    /**
     * @param host the interface to bind
     * @return a copy with this host
     */
    public EmulatorOptions withHost(String host) {
        return new EmulatorOptions(host, port, apiKey, demoCorpus);
    }

    /**
     * @param port the port to bind, {@code 0} for a free one
     * @return a copy with this port
     */
    public EmulatorOptions withPort(int port) {
        return new EmulatorOptions(host, port, apiKey, demoCorpus);
    }

    /**
     * @param apiKey the accepted API key
     * @return a copy with this key
     */
    public EmulatorOptions withApiKey(String apiKey) {
        return new EmulatorOptions(host, port, apiKey, demoCorpus);
    }

    /**
     * @param demoCorpus whether to load the demo corpus
     * @return a copy with this choice
     */
    public EmulatorOptions withDemoCorpus(boolean demoCorpus) {
        return new EmulatorOptions(host, port, apiKey, demoCorpus);
    }
}
