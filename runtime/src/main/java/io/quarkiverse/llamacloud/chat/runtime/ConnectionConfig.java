package io.quarkiverse.llamacloud.chat.runtime;

import java.util.Optional;

import org.eclipse.microprofile.config.ConfigProvider;

import io.quarkus.runtime.configuration.ConfigurationException;

/**
 * Finds the API key ({@code quarkus.llamacloud.api-key}, else {@code LLAMA_CLOUD_API_KEY}) and the base URL
 * ({@code quarkus.llamacloud.base-url}, else {@code LLAMA_CLOUD_BASE_URL}, else the US region).
 */
public final class ConnectionConfig {

    /** The environment variable LlamaCloud's own SDKs read. */
    public static final String SDK_ENVIRONMENT_VARIABLE = "LLAMA_CLOUD_API_KEY";

    static final String MISSING = "No LlamaCloud API key is configured. Set the quarkus.llamacloud.api-key property "
            + "(environment variable QUARKUS_LLAMACLOUD_API_KEY), or the " + SDK_ENVIRONMENT_VARIABLE
            + " environment variable.";

    /** The environment variable LlamaCloud's own SDKs read the base URL from. */
    public static final String SDK_BASE_URL_VARIABLE = "LLAMA_CLOUD_BASE_URL";

    private ConnectionConfig() {
    }

    /**
     * @param config the extension's configuration
     * @return {@code quarkus.llamacloud.base-url}, else {@code LLAMA_CLOUD_BASE_URL}, else the US region
     */
    public static String baseUrl(LlamaCloudConfig config) {
        return config.baseUrl()
                .or(() -> ConfigProvider.getConfig().getOptionalValue(SDK_BASE_URL_VARIABLE, String.class))
                .map(String::trim)
                .filter(value -> !value.isEmpty())
                .orElse(LlamaCloudConfig.DEFAULT_BASE_URL);
    }

    /**
     * @param config the extension's configuration
     * @return the key
     * @throws ConfigurationException naming the property and environment variables when no key is set
     */
    public static String apiKey(LlamaCloudConfig config) {
        Optional<String> key = config.apiKey()
                .or(() -> ConfigProvider.getConfig().getOptionalValue(SDK_ENVIRONMENT_VARIABLE, String.class))
                .map(String::trim)
                .filter(value -> !value.isEmpty());
        return key.orElseThrow(() -> new ConfigurationException(MISSING));
    }
}
