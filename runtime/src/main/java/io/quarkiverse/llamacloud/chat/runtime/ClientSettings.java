package io.quarkiverse.llamacloud.chat.runtime;

import java.net.InetAddress;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.eclipse.microprofile.config.ConfigProvider;

import io.quarkiverse.llamacloud.chat.runtime.http.RequestHooks;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.quarkus.tls.TlsConfiguration;
import io.quarkus.tls.TlsConfigurationRegistry;

/**
 * One client's HTTP settings, built and checked once from its configuration, and used by both the REST client of the
 * session calls and the stream client of the turns, so the two cannot drift: base URL, key, TLS, proxy, timeouts, user
 * agent, logging and the request hooks. A bad value fails startup with a message naming the property and its
 * environment variable.
 *
 * @param name the client's name, {@link LlamaCloudConfig#DEFAULT_CLIENT} for the default one
 * @param config its configuration
 * @param baseUri the API's base URI, without a trailing slash
 * @param apiKey the API key, or {@code null} when request hooks authenticate instead
 * @param tls the TLS configuration to use, or {@code null} for the JVM's defaults
 * @param proxy the proxy, or {@code null} for direct connections
 * @param hooks the request hooks of this client
 */
public record ClientSettings(String name, LlamaCloudConfig.ClientConfig config, URI baseUri, String apiKey,
        TlsConfiguration tls, Proxy proxy, RequestHooks hooks) {

    /** The user agent of both clients. */
    public static final String USER_AGENT = "quarkus-llamacloud-chat";

    /** The environment variable LlamaCloud's own SDKs read the key from; the default client's fallback. */
    public static final String SDK_API_KEY_VARIABLE = "LLAMA_CLOUD_API_KEY";

    /** The environment variable LlamaCloud's own SDKs read the base URL from; the default client's fallback. */
    public static final String SDK_BASE_URL_VARIABLE = "LLAMA_CLOUD_BASE_URL";

    /**
     * @param host the proxy's host
     * @param port its port
     * @param user the user name, or {@code null}
     * @param password the password, or {@code null}
     * @param nonProxyHosts hosts reached directly
     */
    public record Proxy(String host, int port, String user, String password, List<String> nonProxyHosts) {
        @Override
        public String toString() {
            return "Proxy[" + host + ":" + port + (user == null ? "" : ", user " + user + ", password ***") + "]";
        }
    }

    /**
     * @param name the client's name
     * @param config its configuration
     * @param hooks its request hooks
     * @param tlsRegistry the TLS registry, or {@code null} when the application has none
     * @param resolveTls whether to look the TLS configuration up; not while the registry is not running yet, at the
     *        early check of the configuration
     * @return the settings
     * @throws ConfigurationException naming the property and its environment variable for a missing or bad value
     */
    public static ClientSettings of(String name, LlamaCloudConfig.ClientConfig config, RequestHooks hooks,
            TlsConfigurationRegistry tlsRegistry, boolean resolveTls) {
        return of(name, config, hooks, hooks.authenticates(), tlsRegistry, resolveTls);
    }

    /**
     * Checks a client's configuration at startup, before its hooks and the TLS registry exist.
     *
     * @param name the client's name
     * @param config its configuration
     * @param hooked whether a request hook that
     *        {@linkplain io.quarkiverse.llamacloud.chat.LlamaCloudRequestCustomizer#authenticates()
     *        authenticates} applies to it, so that it needs no key
     * @return the settings, without TLS and hooks
     * @throws ConfigurationException naming the property and its environment variable for a missing or bad value
     */
    public static ClientSettings check(String name, LlamaCloudConfig.ClientConfig config, boolean hooked) {
        return of(name, config, RequestHooks.none(name), hooked, null, false);
    }

    private static ClientSettings of(String name, LlamaCloudConfig.ClientConfig config, RequestHooks hooks,
            boolean hooked, TlsConfigurationRegistry tlsRegistry, boolean resolveTls) {
        boolean isDefault = LlamaCloudConfig.DEFAULT_CLIENT.equals(name);
        String apiKey = config.apiKey()
                .or(() -> isDefault ? sdkVariable(SDK_API_KEY_VARIABLE) : Optional.empty())
                .map(String::trim).filter(key -> !key.isEmpty()).orElse(null);
        if (apiKey == null && !hooked) {
            throw new ConfigurationException("No LlamaCloud API key is configured" + forClient(name) + ". Set the "
                    + describe(name, "api-key") + (isDefault ? ", or the " + SDK_API_KEY_VARIABLE
                            + " environment variable" : "")
                    + ".");
        }
        String baseUrl = config.baseUrl()
                .or(() -> isDefault ? sdkVariable(SDK_BASE_URL_VARIABLE) : Optional.empty())
                .map(String::trim).filter(url -> !url.isEmpty()).orElse(LlamaCloudConfig.DEFAULT_BASE_URL);
        return new ClientSettings(name, config, baseUri(name, baseUrl), apiKey,
                resolveTls ? tls(name, config, tlsRegistry) : null, proxy(name, config), hooks);
    }

    /** @return whether this talks to the service in clear text to a host that is not this machine */
    public boolean plainTextToAnotherHost() {
        return "http".equalsIgnoreCase(baseUri.getScheme()) && !isLoopback(baseUri.getHost());
    }

    /** @return the client's name, or {@code "default"}, for logs, metric tags and span attributes */
    public String label() {
        return label(name);
    }

    /**
     * @param name a client's name
     * @return it, or {@code "default"} for the default client
     */
    public static String label(String name) {
        return LlamaCloudConfig.DEFAULT_CLIENT.equals(name) ? "default" : name;
    }

    /**
     * @param name a client's name
     * @param key a key under the client, such as {@code api-key} or {@code stream.idle-timeout}
     * @return the full property name, such as {@code quarkus.llamacloud."eu".api-key}
     */
    public static String property(String name, String key) {
        return LlamaCloudConfig.DEFAULT_CLIENT.equals(name) ? "quarkus.llamacloud." + key
                : "quarkus.llamacloud.\"" + name + "\"." + key;
    }

    /**
     * @param name a client's name
     * @param key a key under the client
     * @return the environment variable that sets it, such as {@code QUARKUS_LLAMACLOUD__EU__API_KEY}
     */
    public static String environmentVariable(String name, String key) {
        return property(name, key).replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    /** @return {@code quarkus.llamacloud.x (environment variable QUARKUS_LLAMACLOUD_X)} */
    static String describe(String name, String key) {
        return property(name, key) + " property (environment variable " + environmentVariable(name, key) + ")";
    }

    private static String forClient(String name) {
        return LlamaCloudConfig.DEFAULT_CLIENT.equals(name) ? "" : " for the client \"" + name + "\"";
    }

    private static Optional<String> sdkVariable(String variable) {
        return ConfigProvider.getConfig().getOptionalValue(variable, String.class);
    }

    private static URI baseUri(String name, String baseUrl) {
        String trimmed = baseUrl;
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        try {
            URI uri = URI.create(trimmed);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                throw new IllegalArgumentException("not an http or https URL with a host");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("The " + describe(name, "base-url") + " is not an absolute http(s) URL: "
                    + baseUrl, e);
        }
    }

    private static TlsConfiguration tls(String name, LlamaCloudConfig.ClientConfig config,
            TlsConfigurationRegistry registry) {
        Optional<String> configured = config.tlsConfigurationName();
        if (configured.isPresent()) {
            String tlsName = configured.get();
            return Optional.ofNullable(registry).flatMap(r -> r.get(tlsName))
                    .orElseThrow(() -> new ConfigurationException("The " + describe(name, "tls-configuration-name")
                            + " is '" + tlsName + "', but no quarkus.tls." + tlsName + ".* configuration exists"));
        }
        // The registry's default configuration (quarkus.tls.*), as its documentation promises, else the JVM's.
        return registry == null ? null : registry.getDefault().orElse(null);
    }

    private static Proxy proxy(String name, LlamaCloudConfig.ClientConfig config) {
        Optional<String> address = config.proxyAddress().map(String::trim).filter(a -> !a.isEmpty());
        if (address.isEmpty()) {
            return null;
        }
        String value = address.get();
        int colon = value.lastIndexOf(':');
        int port = -1;
        if (colon > 0 && colon < value.length() - 1) {
            try {
                port = Integer.parseInt(value.substring(colon + 1));
            } catch (NumberFormatException e) {
                port = -1;
            }
        }
        if (port < 1 || port > 65535) {
            throw new ConfigurationException("The " + describe(name, "proxy-address") + " must be host:port with a port "
                    + "from 1 to 65535, got '" + value + "'");
        }
        List<String> nonProxyHosts = config.nonProxyHosts()
                .map(hosts -> Arrays.stream(hosts.split("\\|")).map(String::trim).filter(h -> !h.isEmpty()).toList())
                .orElse(List.of());
        return new Proxy(value.substring(0, colon), port, config.proxyUser().orElse(null),
                config.proxyPassword().orElse(null), nonProxyHosts);
    }

    private static boolean isLoopback(String host) {
        if (host.equalsIgnoreCase("localhost") || host.toLowerCase(Locale.ROOT).endsWith(".localhost")) {
            return true;
        }
        String literal = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        // Only IP literals are checked: resolving a name here would block startup on DNS.
        if (!literal.contains(":") && !literal.matches("[0-9.]+")) {
            return false;
        }
        try {
            return InetAddress.getByName(literal).isLoopbackAddress();
        } catch (Exception e) {
            return false;
        }
    }

    @Override
    public String toString() {
        // Never the key.
        return "ClientSettings[" + label() + ", " + baseUri + (proxy == null ? "" : ", " + proxy) + "]";
    }
}
