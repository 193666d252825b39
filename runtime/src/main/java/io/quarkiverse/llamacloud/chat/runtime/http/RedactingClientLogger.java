package io.quarkiverse.llamacloud.chat.runtime.http;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.client.api.ClientLogger;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;

/**
 * Logs requests and responses when {@code quarkus.llamacloud.log-requests} or {@code log-responses} is on, with
 * credentials masked: the API key must never reach a log.
 */
public final class RedactingClientLogger implements ClientLogger {

    /** Headers whose values are replaced by {@code ***}. */
    static final Set<String> SECRET_HEADERS = Set.of("authorization", "proxy-authorization", "cookie", "set-cookie");

    private static final Logger LOG = Logger.getLogger("io.quarkiverse.llamacloud.chat");

    private final boolean logRequests;
    private final boolean logResponses;
    private volatile int bodyLimit = 4096;

    /**
     * @param logRequests whether to log requests
     * @param logResponses whether to log responses
     */
    public RedactingClientLogger(boolean logRequests, boolean logResponses) {
        this.logRequests = logRequests;
        this.logResponses = logResponses;
    }

    @Override
    public void setBodySize(int bodySize) {
        this.bodyLimit = bodySize;
    }

    @Override
    public void logRequest(HttpClientRequest request, Buffer body, boolean omitBody) {
        if (!logRequests || !LOG.isInfoEnabled()) {
            return;
        }
        LOG.infof("LlamaCloud request: %s %s%nHeaders: %s%nBody: %s", request.getMethod(), request.absoluteURI(),
                headers(request.headers()), omitBody ? "(omitted)" : body(body));
    }

    @Override
    public void logResponse(HttpClientResponse response, boolean redirect) {
        if (!logResponses || !LOG.isInfoEnabled()) {
            return;
        }
        String contentType = response.getHeader("Content-Type");
        if (contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("text/event-stream")) {
            // Buffering a stream's body to log it would hold the whole turn in memory until it ends.
            LOG.infof("LlamaCloud response: %d (event stream)%nHeaders: %s", response.statusCode(),
                    headers(response.headers()));
            return;
        }
        response.bodyHandler(body -> LOG.infof("LlamaCloud response: %d%nHeaders: %s%nBody: %s",
                response.statusCode(), headers(response.headers()), body(body)));
    }

    /**
     * @param headers request or response headers
     * @return them as text, with credential values masked
     */
    static String headers(MultiMap headers) {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, String> header : headers) {
            if (!out.isEmpty()) {
                out.append(' ');
            }
            boolean secret = SECRET_HEADERS.contains(header.getKey().toLowerCase(Locale.ROOT));
            out.append(header.getKey()).append('=').append(secret ? "***" : header.getValue());
        }
        return out.toString();
    }

    private String body(Buffer body) {
        if (body == null || body.length() == 0) {
            return "(empty)";
        }
        String text = body.toString();
        return text.length() > bodyLimit ? text.substring(0, bodyLimit) + "..." : text;
    }
}
