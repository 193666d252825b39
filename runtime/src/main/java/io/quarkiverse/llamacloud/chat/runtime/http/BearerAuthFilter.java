package io.quarkiverse.llamacloud.chat.runtime.http;

import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;

/**
 * Adds {@code Authorization: Bearer <key>} to every request. Holds the key, so it never prints it.
 */
public final class BearerAuthFilter implements ClientRequestFilter {

    private final String authorization;

    /**
     * @param apiKey the LlamaCloud API key
     */
    public BearerAuthFilter(String apiKey) {
        this.authorization = "Bearer " + apiKey;
    }

    @Override
    public void filter(ClientRequestContext requestContext) {
        requestContext.getHeaders().putSingle(HttpHeaders.AUTHORIZATION, authorization);
    }

    @Override
    public String toString() {
        return "BearerAuthFilter[Authorization: Bearer ***]";
    }
}
