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
        Map<String, String> headers;
        try {
            headers = hooks.headersFor(requestContext.getMethod(), requestContext.getUri());
        } catch (RuntimeException hookFailed) {
            // The REST client would wrap it as a transport failure, which is retried; a hook's failure is not.
            throw new HookFailure(hookFailed);
        }
        headers.forEach((name, value) -> requestContext.getHeaders().putSingle(name, value));
    }

    /** A request hook threw: the call fails with what it threw, unchanged and not retried. */
    public static final class HookFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        HookFailure(RuntimeException cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }

    @Override
    public String toString() {
        return "AuthFilter[Authorization: Bearer ***, " + hooks + "]";
    }
}
