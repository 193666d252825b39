package io.quarkiverse.llamacloud.chat.runtime;

import java.util.concurrent.TimeUnit;

import org.jboss.resteasy.reactive.client.api.LoggingScope;

import io.quarkiverse.llamacloud.chat.runtime.http.AuthFilter;
import io.quarkiverse.llamacloud.chat.runtime.http.ChatApi;
import io.quarkiverse.llamacloud.chat.runtime.http.RedactingClientLogger;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;

/**
 * Builds a client's REST client for the session calls from its {@link ClientSettings}, the same settings its stream
 * client uses.
 */
public final class ChatApiClientFactory {

    private ChatApiClientFactory() {
    }

    /**
     * @param settings the client's settings
     * @return a REST client ready to use, with a connection pool of its own
     */
    public static ChatApi create(ClientSettings settings) {
        LlamaCloudConfig.ClientConfig config = settings.config();
        QuarkusRestClientBuilder builder = QuarkusRestClientBuilder.newBuilder()
                .baseUri(settings.baseUri())
                .connectTimeout(config.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(config.readTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .userAgent(ClientSettings.USER_AGENT)
                .register(new AuthFilter(settings.apiKey(), settings.hooks()));
        // Always ours, even with the extension's logging off: should the application switch on the REST client's
        // logging for every client (quarkus.rest-client.logging.scope), Quarkus's own logger would print the key.
        builder.clientLogger(new RedactingClientLogger(config.logRequests(), config.logResponses(), settings.hooks()));
        if (config.logRequests() || config.logResponses()) {
            builder.loggingScope(LoggingScope.REQUEST_RESPONSE).loggingBodyLimit(config.logBodyLimit());
        }
        if (settings.tls() != null) {
            builder.tlsConfiguration(settings.tls());
        }
        ClientSettings.Proxy proxy = settings.proxy();
        if (proxy != null) {
            builder.proxyAddress(proxy.host(), proxy.port());
            if (proxy.user() != null) {
                builder.proxyUser(proxy.user());
            }
            if (proxy.password() != null) {
                builder.proxyPassword(proxy.password());
            }
            if (!proxy.nonProxyHosts().isEmpty()) {
                builder.nonProxyHosts(String.join("|", proxy.nonProxyHosts()));
            }
        }
        return builder.build(ChatApi.class);
    }
}
