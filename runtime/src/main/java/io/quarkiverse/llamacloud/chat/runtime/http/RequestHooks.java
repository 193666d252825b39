package io.quarkiverse.llamacloud.chat.runtime.http;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.quarkiverse.llamacloud.chat.LlamaCloudClient;
import io.quarkiverse.llamacloud.chat.LlamaCloudRequestCustomizer;

/**
 * A client's {@link LlamaCloudRequestCustomizer}s, applied the same way to session calls and turn streams, and the
 * names of the headers whose values must never be logged: the usual credential headers and every header a hook set
 * as a credential.
 */
public final class RequestHooks {

    private static final Set<String> ALWAYS_SECRET = Set.of("authorization", "proxy-authorization", "cookie",
            "set-cookie", "x-api-key");

    private final String clientName;
    private final List<LlamaCloudRequestCustomizer> customizers;
    private final Set<String> secretHeaders = ConcurrentHashMap.newKeySet();

    /**
     * @param clientName the client's name, {@link LlamaCloudClient#DEFAULT} for the default one
     * @param customizers the hooks for every client first, then this client's own
     */
    public RequestHooks(String clientName, List<LlamaCloudRequestCustomizer> customizers) {
        this.clientName = clientName;
        this.customizers = List.copyOf(customizers);
        secretHeaders.addAll(ALWAYS_SECRET);
    }

    /** @return hooks that do nothing, for a client without any */
    public static RequestHooks none(String clientName) {
        return new RequestHooks(clientName, List.of());
    }

    /** @return whether there is no hook */
    public boolean isEmpty() {
        return customizers.isEmpty();
    }

    /** @return whether a hook authenticates the client's requests itself, which then need no API key */
    public boolean authenticates() {
        return customizers.stream().anyMatch(LlamaCloudRequestCustomizer::authenticates);
    }

    /**
     * Runs the hooks for one request.
     *
     * @param method the HTTP method
     * @param uri the absolute URI
     * @return the headers to set, in the order the hooks set them
     */
    public Map<String, String> headersFor(String method, URI uri) {
        if (customizers.isEmpty()) {
            return Map.of();
        }
        Headers request = new Headers(method, uri);
        customizers.forEach(customizer -> customizer.customize(request));
        return request.headers;
    }

    /**
     * @param name a header's name
     * @return whether its value must be masked in logs
     */
    public boolean isSecret(String name) {
        return secretHeaders.contains(name.toLowerCase(Locale.ROOT));
    }

    /** The request a hook sees: it collects the headers the hook sets. */
    private final class Headers implements LlamaCloudRequestCustomizer.Request {
        private final String method;
        private final URI uri;
        private final Map<String, String> headers = new LinkedHashMap<>();

        Headers(String method, URI uri) {
            this.method = method;
            this.uri = uri;
        }

        @Override
        public String clientName() {
            return clientName;
        }

        @Override
        public String method() {
            return method;
        }

        @Override
        public URI uri() {
            return uri;
        }

        @Override
        public void header(String name, String value) {
            headers.put(requireName(name), java.util.Objects.requireNonNull(value, "value"));
        }

        @Override
        public void credential(String name, String value) {
            // Registered before the header exists, so no log can show its value.
            secretHeaders.add(requireName(name).toLowerCase(Locale.ROOT));
            header(name, value);
        }

        @Override
        public void bearerToken(String token) {
            header("Authorization", "Bearer " + java.util.Objects.requireNonNull(token, "token"));
        }

        private String requireName(String name) {
            if (name == null || name.isBlank() || !name.chars().allMatch(c -> c > 32 && c < 127 && c != ':')) {
                throw new IllegalArgumentException("Not an HTTP header name: " + name);
            }
            return name;
        }
    }

    @Override
    public String toString() {
        return "RequestHooks[" + clientName + ", " + customizers.size() + " hooks]";
    }
}
