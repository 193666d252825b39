package io.quarkiverse.llamacloud.chat.runtime.http;

import java.util.Locale;
import java.util.Map;

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

    private static final Logger LOG = Logger.getLogger("io.quarkiverse.llamacloud.chat");

    private final boolean logRequests;
    private final boolean logResponses;
    private final RequestHooks hooks;
    private volatile int bodyLimit = 4096;

    /**
     * @param logRequests whether to log requests
     * @param logResponses whether to log responses
     * @param hooks the client's request hooks, which know the credential headers they set
     */
    public RedactingClientLogger(boolean logRequests, boolean logResponses, RequestHooks hooks) {
        this.logRequests = logRequests;
        this.logResponses = logResponses;
        this.hooks = hooks;
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
                headers(request.headers(), hooks), omitBody ? "(omitted)" : body(body));
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
                    headers(response.headers(), hooks));
            return;
        }
        response.bodyHandler(body -> LOG.infof("LlamaCloud response: %d%nHeaders: %s%nBody: %s",
                response.statusCode(), headers(response.headers(), hooks), body(body)));
    }

    /**
     * @param headers request or response headers
     * @param hooks the client's request hooks, which say which headers carry credentials
     * @return them as text, with credential values masked
     */
    public static String headers(MultiMap headers, RequestHooks hooks) {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, String> header : headers) {
            if (!out.isEmpty()) {
                out.append(' ');
            }
            boolean secret = hooks.isSecret(header.getKey());
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
