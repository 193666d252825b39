package io.quarkiverse.llamacloud.chat.runtime.sse;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.quarkiverse.llamacloud.chat.ChatEvent;
import io.quarkiverse.llamacloud.chat.runtime.ClientSettings;
import io.quarkiverse.llamacloud.chat.runtime.LlamaCloudConfig;
import io.quarkiverse.llamacloud.chat.runtime.http.ChatApi;
import io.quarkiverse.llamacloud.chat.runtime.http.RedactingClientLogger;
import io.quarkiverse.llamacloud.chat.runtime.http.RequestHooks;
import io.quarkiverse.llamacloud.chat.runtime.http.StreamTurnRequest;
import io.quarkiverse.llamacloud.chat.runtime.json.LlamaCloudJson;
import io.quarkus.tls.runtime.config.TlsConfigUtils;
import io.smallrye.mutiny.Multi;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.ProxyOptions;

/**
 * Sends chat turns and reads their event streams over Vert.x's HTTP client.
 * <p>
 * The REST client's SSE support is not used here: it cannot decode LlamaCloud's events without a per-event content
 * type, hides keep-alive comments (needed for the idle timeout), buffers without bound when the subscriber is slow,
 * and has had bugs with chunk boundaries. Reading the body directly gives exact WHATWG parsing, backpressure down to
 * the socket, timeouts between events and an immediate close on cancellation.
 */
public final class TurnStreamClient implements AutoCloseable {

    static final Logger LOG = Logger.getLogger("io.quarkiverse.llamacloud.chat");

    /** The operation, as failures name it. */
    public static final String OPERATION = "POST /api/v1/chat/{session_id}/messages/stream";

    private final Vertx vertx;
    private final HttpClient client;
    private final URI baseUri;
    private final String authorization;
    private final RequestHooks hooks;
    private final TurnStream.Limits limits;
    private final boolean logRequests;
    private final boolean logResponses;

    /**
     * @param vertx the application's Vert.x
     * @param settings the client's settings, the same its REST client uses
     */
    public TurnStreamClient(Vertx vertx, ClientSettings settings) {
        this.vertx = vertx;
        this.baseUri = settings.baseUri();
        this.authorization = settings.apiKey() == null ? null : "Bearer " + settings.apiKey();
        this.hooks = settings.hooks();
        LlamaCloudConfig.ClientConfig config = settings.config();
        LlamaCloudConfig.ClientConfig.StreamConfig stream = config.stream();
        this.limits = new TurnStream.Limits(stream.firstEventTimeout(), stream.idleTimeout(),
                (int) Math.max(1, Math.min(Integer.MAX_VALUE - 8, stream.maxEventSize().asLongValue())));
        this.logRequests = config.logRequests();
        this.logResponses = config.logResponses();

        HttpClientOptions options = new HttpClientOptions()
                .setConnectTimeout((int) config.connectTimeout().toMillis())
                .setKeepAlive(true)
                .setDecompressionSupported(false)
                .setName("llamacloud-chat-stream-" + settings.label());
        if ("https".equalsIgnoreCase(baseUri.getScheme())) {
            options.setSsl(true);
        }
        if (settings.tls() != null) {
            TlsConfigUtils.configure(options, settings.tls());
        }
        ClientSettings.Proxy proxy = settings.proxy();
        if (proxy != null) {
            ProxyOptions proxyOptions = new ProxyOptions().setHost(proxy.host()).setPort(proxy.port());
            if (proxy.user() != null) {
                proxyOptions.setUsername(proxy.user());
            }
            if (proxy.password() != null) {
                proxyOptions.setPassword(proxy.password());
            }
            options.setProxyOptions(proxyOptions);
            if (!proxy.nonProxyHosts().isEmpty()) {
                options.setNonProxyHosts(proxy.nonProxyHosts());
            }
        }
        this.client = vertx.createHttpClient(options, new PoolOptions().setHttp1MaxSize(stream.maxConnections()));
    }

    /**
     * @param sessionSegment the session id, already encoded as one path segment
     * @param organizationId the {@code organization_id}, or {@code null}
     * @param projectId the {@code project_id}, or {@code null}
     * @param body the turn's body
     * @param attempt the attempt's number, from 0, sent as {@code X-Stainless-Retry-Count}
     * @param progress records how far the attempt gets; one per subscription
     * @return the turn's events; each subscription sends the turn again
     */
    public Multi<ChatEvent> stream(String sessionSegment, String organizationId, String projectId,
            StreamTurnRequest body, int attempt, TurnProgress progress) {
        String uri = baseUri + "/api/v1/chat/" + sessionSegment + "/messages/stream" + query(organizationId, projectId);
        Buffer payload;
        try {
            payload = Buffer.buffer(LlamaCloudJson.mapper().writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the turn cannot be written as JSON", e);
        }
        RequestOptions request = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(uri)
                .putHeader(HttpHeaders.ACCEPT, "text/event-stream")
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.USER_AGENT, ClientSettings.USER_AGENT)
                .putHeader(ChatApi.RETRY_COUNT, String.valueOf(attempt))
                // The stream's first-event timer ends the wait for a pooled connection; this, a little later, only
                // takes the abandoned request out of the pool's queue.
                .setConnectTimeout(limits.firstEventTimeout().toMillis() + 1000);
        if (authorization != null) {
            request.putHeader(HttpHeaders.AUTHORIZATION, authorization);
        }
        return Multi.createFrom().deferred(() -> {
            // The hooks run per subscription, like the REST client's filter: a token may change between attempts.
            try {
                hooks.headersFor("POST", URI.create(uri)).forEach((name, value) -> request.getHeaders().set(name, value));
            } catch (RuntimeException hookFailed) {
                // Nothing was sent: the turn fails with what the hook threw, as the contract of the hooks says.
                return Multi.createFrom().failure(hookFailed);
            }
            if (logRequests) {
                LOG.infof("LlamaCloud request: POST %s (event stream)%nHeaders: %s%nBody: %s", uri,
                        RedactingClientLogger.headers(request.getHeaders(), hooks), payload);
            }
            return TurnStream.events(vertx, client, request, payload, limits, logResponses, progress);
        });
    }

    private static String query(String organizationId, String projectId) {
        StringBuilder query = new StringBuilder();
        appendParameter(query, "organization_id", organizationId);
        appendParameter(query, "project_id", projectId);
        return query.toString();
    }

    private static void appendParameter(StringBuilder query, String name, String value) {
        if (value == null || value.isEmpty()) {
            return;
        }
        query.append(query.isEmpty() ? '?' : '&').append(name).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20"));
    }

    @Override
    public void close() {
        client.close();
    }
}
