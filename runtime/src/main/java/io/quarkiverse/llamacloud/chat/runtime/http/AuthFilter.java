package io.quarkiverse.llamacloud.chat.runtime.http;

import java.util.Map;

import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;

/**
 * Authenticates every session call: {@code Authorization: Bearer <key>}, then the client's request hooks, which may
 * add headers or authenticate the request their own way. Holds the key, so it never prints it.
 */
public final class AuthFilter implements ClientRequestFilter {

    private final String authorization;
    private final RequestHooks hooks;

    /**
     * @param apiKey the LlamaCloud API key, or {@code null} when the hooks authenticate
     * @param hooks the client's request hooks
     */
    public AuthFilter(String apiKey, RequestHooks hooks) {
        this.authorization = apiKey == null ? null : "Bearer " + apiKey;
        this.hooks = hooks;
    }

    @Override
    public void filter(ClientRequestContext requestContext) {
        if (authorization != null) {
            requestContext.getHeaders().putSingle(HttpHeaders.AUTHORIZATION, authorization);
        }
        for (Map.Entry<String, String> header : hooks.headersFor(requestContext.getMethod(), requestContext.getUri())
                .entrySet()) {
            requestContext.getHeaders().putSingle(header.getKey(), header.getValue());
        }
    }

    @Override
    public String toString() {
        return "AuthFilter[Authorization: Bearer ***, " + hooks + "]";
    }
}
