package io.quarkiverse.llamacloud.chat;

import java.net.URI;

/**
 * A hook the application provides as a CDI bean, called before every request to LlamaCloud, session calls and turn
 * streams alike: to add headers (a tenant, a trace), or to authenticate each request its own way (a gateway token, a
 * key per tenant), in the spirit of quarkus-langchain4j's {@code ModelAuthProvider}.
 *
 * <pre>
 * {
 *     &#64;code
 *     &#64;ApplicationScoped
 *     &#64;LlamaCloudClient("eu") // only for this client; without a qualifier, for every client
 *     public class GatewayAuth implements LlamaCloudRequestCustomizer {
 *         @Override
 *         public void customize(Request request) {
 *             request.credential("X-Gateway-Token", tokens.current());
 *         }
 *     }
 * }
 * </pre>
 * <p>
 * Hooks without a qualifier run first, then those of the request's client. A hook runs on the thread sending the
 * request, often a Vert.x event loop: it must not block (keep tokens cached and refresh them elsewhere). A hook that
 * throws fails the request with what it threw; nothing is sent.
 */
@FunctionalInterface
public interface LlamaCloudRequestCustomizer {

    /**
     * @param request the request about to be sent, to read and to add headers to
     */
    void customize(Request request);

    /**
     * Whether this hook authenticates every request of the clients it applies to ({@link Request#bearerToken} or a
     * {@link Request#credential}), so that they need no {@code api-key}. A hook that only adds headers leaves this
     * {@code false}, and a client without a key still fails the start.
     *
     * @return {@code true} if the clients this hook applies to need no API key
     */
    default boolean authenticates() {
        return false;
    }

    /** The request about to be sent. */
    interface Request {

        /** @return the client's name, {@link LlamaCloudClient#DEFAULT} for the default one */
        String clientName();

        /** @return the HTTP method, such as {@code POST} */
        String method();

        /** @return the absolute URI, query included */
        URI uri();

        /**
         * Sets a header, replacing any of that name; its value may appear in request logs.
         *
         * @param name the header's name
         * @param value its value
         */
        void header(String name, String value);

        /**
         * Sets a header that carries a credential: like {@link #header}, but its value is masked in every log.
         *
         * @param name the header's name
         * @param value its value
         */
        void credential(String name, String value);

        /**
         * Authenticates this request with this token instead of the client's API key: {@code Authorization: Bearer
         * <token>}, masked in logs. A hook that does this for every request says so with {@link #authenticates()};
         * its clients then need no {@code api-key}.
         *
         * @param token the bearer token
         */
        void bearerToken(String token);
    }
}
