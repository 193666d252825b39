package io.quarkiverse.llamacloud.chat.it;

import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.quarkiverse.llamacloud.chat.LlamaCloudException;
import io.quarkiverse.llamacloud.chat.LlamaCloudHttpException;
import io.quarkiverse.llamacloud.chat.LlamaCloudNotFoundException;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Turns LlamaCloud failures into this application's HTTP answers: an unknown session is a 404 here too, anything
 * else upstream is a 502 that names the upstream status and request id.
 */
public class LlamaCloudExceptionMapper {

    /** The body of an error answer; built by hand, so native images need it registered. */
    @RegisterForReflection
    public record Problem(String error, Integer upstreamStatus, String requestId, String detail) {
    }

    @ServerExceptionMapper
    public Response map(LlamaCloudException failure) {
        if (failure instanceof LlamaCloudNotFoundException notFound) {
            return Response.status(404)
                    .entity(new Problem("session not found", 404, notFound.requestId(), notFound.detail())).build();
        }
        if (failure instanceof LlamaCloudHttpException http) {
            return Response.status(502)
                    .entity(new Problem("LlamaCloud failed", http.status(), http.requestId(), http.detail())).build();
        }
        return Response.status(502).entity(new Problem(failure.getClass().getSimpleName(), null, null,
                failure.getMessage())).build();
    }
}
