package io.quarkiverse.llamacloud.chat.it;

import java.time.Duration;

import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.quarkiverse.llamacloud.chat.LlamaCloudException;
import io.quarkiverse.llamacloud.chat.LlamaCloudHttpException;
import io.quarkiverse.llamacloud.chat.LlamaCloudNotFoundException;
import io.quarkiverse.llamacloud.chat.LlamaCloudRateLimitException;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Turns LlamaCloud failures into this application's HTTP answers: an unknown session is a 404 here too, a rate limit
 * upstream is a 503 that passes the server's {@code Retry-After} on, anything else upstream is a 502 that names the
 * upstream status and request id.
 */
public class LlamaCloudExceptionMapper {

    /**
     * The body of an error answer; built by hand, so native images need it registered.
     *
     * @param error what failed, for a person
     * @param type the simple name of the extension's exception, so callers (and tests) see which one arrived
     * @param upstreamStatus LlamaCloud's HTTP status, or {@code null} when it sent none
     * @param requestId LlamaCloud's request id, or {@code null}
     * @param detail LlamaCloud's message, or the exception's
     * @param attempts how many attempts the extension made
     * @param retryAfterSeconds the wait LlamaCloud asked for, or {@code null}
     */
    @RegisterForReflection
    public record Problem(String error, String type, Integer upstreamStatus, String requestId, String detail,
            int attempts, Long retryAfterSeconds) {
    }

    @ServerExceptionMapper
    public Response map(LlamaCloudException failure) {
        String type = failure.getClass().getSimpleName();
        if (failure instanceof LlamaCloudNotFoundException notFound) {
            return Response.status(404).entity(new Problem("session not found", type, 404, notFound.requestId(),
                    notFound.detail(), failure.attempts(), null)).build();
        }
        if (failure instanceof LlamaCloudRateLimitException limited) {
            Long wait = limited.retryAfter().map(LlamaCloudExceptionMapper::seconds).orElse(null);
            Response.ResponseBuilder answer = Response.status(503).entity(new Problem("LlamaCloud rate limit", type,
                    limited.status(), limited.requestId(), limited.detail(), failure.attempts(), wait));
            return (wait == null ? answer : answer.header("Retry-After", wait)).build();
        }
        if (failure instanceof LlamaCloudHttpException http) {
            return Response.status(502).entity(new Problem("LlamaCloud failed", type, http.status(), http.requestId(),
                    http.detail(), failure.attempts(), null)).build();
        }
        return Response.status(502).entity(new Problem(type, type, null, null, failure.getMessage(),
                failure.attempts(), null)).build();
    }

    /** Whole seconds, rounded up: a caller told to come back sooner than the server asked would be refused again. */
    private static long seconds(Duration wait) {
        return (wait.toMillis() + 999) / 1000;
    }
}
