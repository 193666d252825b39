package io.quarkiverse.llamacloud.chat.runtime;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.quarkus.runtime.annotations.ConfigDocFilename;
import io.quarkus.runtime.annotations.ConfigDocMapKey;
import io.quarkus.runtime.annotations.ConfigDocSection;
import io.quarkus.runtime.annotations.ConfigGroup;
import io.quarkus.runtime.annotations.ConfigPhase;
import io.quarkus.runtime.annotations.ConfigRoot;
import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithDefaults;
import io.smallrye.config.WithParentName;

/**
 * Connection to LlamaCloud's Chat API: the default client under {@code quarkus.llamacloud.*}, and named clients
 * (another key, project, region or timeouts) under {@code quarkus.llamacloud."name".*}.
 */
@ConfigMapping(prefix = "quarkus.llamacloud")
@ConfigRoot(phase = ConfigPhase.RUN_TIME)
@ConfigDocFilename("quarkus-llamacloud-chat.adoc")
public interface LlamaCloudConfig {

    /** The default base URL, LlamaCloud's US region. */
    String DEFAULT_BASE_URL = "https://api.cloud.llamaindex.ai";

    /** The name of the default client, the one without a name in its properties. */
    String DEFAULT_CLIENT = "<default>";

    /**
     * The default client.
     */
    @WithParentName
    ClientConfig defaultClient();

    /**
     * Named clients, injected with {@code @LlamaCloudClient("name")}. A named client inherits nothing from the default
     * client: each sets its own key (the {@code LLAMA_CLOUD_*} environment variables apply to the default client
     * only), and every other key has the defaults shown here.
     */
    @ConfigDocSection
    @ConfigDocMapKey("client-name")
    @WithParentName
    @WithDefaults
    Map<String, ClientConfig> namedClients();

    /**
     * @param name a client's name, {@link #DEFAULT_CLIENT} for the default one
     * @return its configuration, with the defaults when nothing is set for it
     */
    default ClientConfig client(String name) {
        return DEFAULT_CLIENT.equals(name) ? defaultClient() : namedClients().get(name);
    }

    /** One client's connection: key, endpoint, project, timeouts, retries, streams, TLS, proxy and logging. */
    @ConfigGroup
    interface ClientConfig {

        /**
         * The LlamaCloud API key, sent as {@code Authorization: Bearer <key>} on every request.
         * <p>
         * For the default client, when unset, the {@code LLAMA_CLOUD_API_KEY} environment variable (the one
         * LlamaCloud's own SDKs read) is used; a named client needs its own. The application fails to start without
         * a key, naming the property. The key is never logged.
         */
        Optional<String> apiKey();

        /**
         * Base URL of the LlamaCloud API. Use {@code https://api.cloud.eu.llamaindex.ai} for the EU region.
         * <p>
         * When unset, the {@code LLAMA_CLOUD_BASE_URL} environment variable (default client only) is used, and then
         * {@code https://api.cloud.llamaindex.ai} (the US region). In dev and test mode, a client with neither a base URL
         * nor a key configured talks to the emulator that Dev Services start.
         */
        Optional<String> baseUrl();

        /**
         * Organization id sent as the {@code organization_id} query parameter of every request. When unset, none is sent
         * and the service uses the key's organization. {@code ChatSessions.withOrganization(..)} overrides it per call.
         */
        Optional<String> organizationId();

        /**
         * Project id sent as the {@code project_id} query parameter of every request. When unset, none is sent and the
         * service uses the key's project. {@code ChatSessions.withProject(..)} overrides it per call.
         */
        Optional<String> projectId();

        /**
         * How long to wait for a connection to the service.
         */
        @WithDefault("10s")
        Duration connectTimeout();

        /**
         * How long to wait for the response of a session call (create, list, get, summary, title, delete).
         */
        @WithDefault("60s")
        Duration readTimeout();

        /**
         * Whether to log each request: method, URL, headers (with {@code Authorization} masked) and body, at INFO level in
         * the {@code io.quarkiverse.llamacloud.chat} category.
         */
        @WithDefault("false")
        boolean logRequests();

        /**
         * Whether to log each response: status, headers and body, at INFO level in the
         * {@code io.quarkiverse.llamacloud.chat} category.
         */
        @WithDefault("false")
        boolean logResponses();

        /**
         * How many characters of a body the request and response logs show.
         */
        @WithDefault("4096")
        int logBodyLimit();

        /**
         * Name of a TLS configuration of the Quarkus TLS registry ({@code quarkus.tls.<name>.*}) to use for HTTPS
         * connections. When unset, the registry's default configuration, if any, applies, else the JVM's trust store.
         */
        Optional<String> tlsConfigurationName();

        /**
         * How many times a failed call is retried: connection failures and HTTP 408, 409, 429 and 5xx (or whatever the
         * server's {@code X-Should-Retry} header says). {@code 0} switches the extension's retries off, for example when
         * the application retries with its own {@code @Retry}: the two would multiply.
         * <p>
         * {@code create} and {@code generateTitle} are retried only when the request was provably not processed
         * (connection refused, HTTP 429, or {@code X-Should-Retry: true}). A turn is sent again only when the service
         * provably did not take it (see {@code stream.recovery-timeout} and the guide's turn-sending rule).
         */
        @WithDefault("2")
        int maxRetries();

        /**
         * The wait before the first retry when the server does not say how long to wait; it doubles with each retry, up
         * to {@code max-backoff}, with a random jitter of up to 25% less.
         */
        @WithDefault("500ms")
        Duration initialBackoff();

        /**
         * The longest wait between two attempts when the server does not say how long to wait.
         */
        @WithDefault("8s")
        Duration maxBackoff();

        /**
         * The longest {@code Retry-After} (or {@code Retry-After-Ms}) the client waits for. When the server asks for a
         * longer wait, the call fails at once with {@code LlamaCloudRateLimitException} (or the exception for its status)
         * carrying the requested delay, instead of sleeping.
         */
        @WithDefault("60s")
        Duration maxRetryAfter();

        /**
         * Circuit breaker for the session calls.
         */
        CircuitBreakerConfig circuitBreaker();

        /**
         * Streaming of chat turns.
         */
        StreamConfig stream();

        /**
         * HTTP proxy to connect through, as {@code host:port}. When unset, connections go direct.
         */
        Optional<String> proxyAddress();

        /**
         * User name for the proxy, if it requires authentication.
         */
        Optional<String> proxyUser();

        /**
         * Password for the proxy, if it requires authentication.
         */
        Optional<String> proxyPassword();

        /**
         * Hosts reached without the proxy, separated by {@code |}, with {@code *} as wildcard (as
         * {@code http.nonProxyHosts}).
         */
        Optional<String> nonProxyHosts();

        /**
         * Limits of a turn's event stream. There is deliberately no limit on a turn's total duration: an agent may stream
         * for many minutes, and only silence is a failure.
         */
        interface StreamConfig {

            /**
             * How long to wait, after sending a turn, for the first data of its stream (an event or a keep-alive comment).
             */
            @WithDefault("60s")
            Duration firstEventTimeout();

            /**
             * How long a stream may stay silent between two pieces of data; keep-alive comments count as data.
             */
            @WithDefault("60s")
            Duration idleTimeout();

            /**
             * The largest event accepted (default 8 MiB). A larger event, or a line that never ends, fails the stream
             * with {@code LlamaCloudEventTooLargeException}, so memory stays bounded.
             */
            @WithDefault("8M")
            MemorySize maxEventSize();

            /**
             * How long {@code ask} waits for a turn to finish on the service after its stream failed once the service had
             * accepted it (a cut, a reset or silence after the request went out): it reads the session's history, with the
             * retry backoff between reads, and assembles the turn from it. {@code 0} switches recovery off: the history is
             * then not read after an ambiguous failure either, and such a turn is never sent again.
             */
            @WithDefault("120s")
            Duration recoveryTimeout();

            /**
             * How many streams may be open at once; each holds one HTTP/1.1 connection. Further turns wait for a free
             * connection, and the wait counts against {@code first-event-timeout}: a turn that found no connection in
             * time fails with {@code LlamaCloudStreamTimeoutException} and was never sent.
             */
            @WithDefault("1024")
            int maxConnections();
        }

        /**
         * A circuit breaker over the session calls: after too many failures (connection failures, HTTP 429 and 5xx) it
         * opens and fails calls at once with {@code LlamaCloudCircuitOpenException} for {@code delay}, then lets a trial
         * call through. Off by default.
         */
        interface CircuitBreakerConfig {

            /**
             * Whether the circuit breaker is on.
             */
            @WithDefault("false")
            boolean enabled();

            /**
             * How many recent calls the failure ratio is computed over.
             */
            @WithDefault("20")
            int requestVolumeThreshold();

            /**
             * The ratio of failed calls, among the last {@code request-volume-threshold}, that opens the circuit.
             */
            @WithDefault("0.5")
            double failureRatio();

            /**
             * How long the circuit stays open before a trial call.
             */
            @WithDefault("5s")
            Duration delay();

            /**
             * How many trial calls must succeed to close the circuit again.
             */
            @WithDefault("1")
            int successThreshold();
        }
    }
}
