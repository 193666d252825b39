package io.quarkiverse.llamacloud.chat.runtime;

import java.net.URI;
import java.util.concurrent.TimeUnit;

import org.jboss.resteasy.reactive.client.api.LoggingScope;

import io.quarkiverse.llamacloud.chat.runtime.http.BearerAuthFilter;
import io.quarkiverse.llamacloud.chat.runtime.http.ChatApi;
import io.quarkiverse.llamacloud.chat.runtime.http.RedactingClientLogger;
import io.quarkus.arc.Arc;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.quarkus.tls.TlsConfiguration;
import io.quarkus.tls.TlsConfigurationRegistry;

/**
 * Builds the REST client from {@code quarkus.llamacloud.*}: base URL, key, timeouts, logging, TLS and proxy.
 */
public final class ChatApiClientFactory {

    private ChatApiClientFactory() {
    }

    /**
     * @param config the extension's configuration
     * @param apiKey the resolved API key
     * @param tls the TLS configuration, or {@code null} for the JVM's defaults
     * @return a client ready to use
     */
    public static ChatApi create(LlamaCloudConfig config, String apiKey, TlsConfiguration tls) {
        QuarkusRestClientBuilder builder = QuarkusRestClientBuilder.newBuilder()
                .baseUri(baseUri(ConnectionConfig.baseUrl(config)))
                .connectTimeout(config.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(config.readTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .userAgent("quarkus-llamacloud-chat")
                .register(new BearerAuthFilter(apiKey));
        if (config.logRequests() || config.logResponses()) {
            builder.loggingScope(LoggingScope.REQUEST_RESPONSE)
                    .loggingBodyLimit(config.logBodyLimit())
                    .clientLogger(new RedactingClientLogger(config.logRequests(), config.logResponses()));
        }
        if (tls != null) {
            builder.tlsConfiguration(tls);
        }
        config.proxyAddress().ifPresent(address -> {
            int colon = address.lastIndexOf(':');
            if (colon <= 0 || colon == address.length() - 1) {
                throw new ConfigurationException("quarkus.llamacloud.proxy-address must be host:port, got " + address);
            }
            builder.proxyAddress(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)));
            config.proxyUser().ifPresent(builder::proxyUser);
            config.proxyPassword().ifPresent(builder::proxyPassword);
            config.nonProxyHosts().ifPresent(builder::nonProxyHosts);
        });
        return builder.build(ChatApi.class);
    }

    /**
     * @param baseUrl the configured base URL
     * @return it as a URI without a trailing slash, so paths join cleanly
     */
    static URI baseUri(String baseUrl) {
        String trimmed = baseUrl.trim();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        try {
            URI uri = URI.create(trimmed);
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new IllegalArgumentException("no scheme or host");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("quarkus.llamacloud.base-url is not an absolute URL: " + baseUrl, e);
        }
    }

    /**
     * @param name a TLS configuration name of the registry
     * @return that configuration
     * @throws ConfigurationException if the registry has none of that name
     */
    static TlsConfiguration tls(String name) {
        TlsConfigurationRegistry registry = Arc.container().select(TlsConfigurationRegistry.class).get();
        return registry.get(name).orElseThrow(() -> new ConfigurationException(
                "quarkus.llamacloud.tls-configuration-name is '" + name + "', but no quarkus.tls." + name
                        + ".* configuration exists"));
    }
}
