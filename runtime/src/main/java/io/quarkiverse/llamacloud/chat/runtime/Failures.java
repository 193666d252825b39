package io.quarkiverse.llamacloud.chat.runtime;

import java.io.IOException;
import java.util.concurrent.TimeoutException;

import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.quarkiverse.llamacloud.chat.LlamaCloudException;
import io.quarkiverse.llamacloud.chat.LlamaCloudIoException;
import io.quarkiverse.llamacloud.chat.LlamaCloudMalformedResponseException;
import io.quarkiverse.llamacloud.chat.LlamaCloudTimeoutException;
import io.quarkiverse.llamacloud.chat.runtime.http.AuthFilter;
import io.quarkiverse.llamacloud.chat.runtime.http.HttpErrors;
import io.vertx.core.VertxException;

/**
 * Turns what the REST client and Vert.x throw into the extension's typed exceptions, so that users catch one
 * hierarchy. Failures that are bugs (an {@link IllegalArgumentException}, a {@link NullPointerException}) pass
 * through unchanged.
 */
public final class Failures {

    private Failures() {
    }

    /**
     * @param failure what a call failed with
     * @param operation the call, such as {@code GET /api/v1/chat}, for the message
     * @return the typed exception
     */
    public static Throwable map(Throwable failure, String operation) {
        if (failure instanceof LlamaCloudException) {
            return failure;
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof LlamaCloudException typed) {
                return typed;
            }
            if (cause instanceof AuthFilter.HookFailure hook) {
                return hook.getCause();
            }
            if (cause instanceof JsonProcessingException json) {
                return new LlamaCloudMalformedResponseException(
                        operation + " answered with JSON that does not match the API: " + json.getOriginalMessage(),
                        failure);
            }
            if (cause instanceof TimeoutException || cause.getClass().getSimpleName().contains("Timeout")) {
                return new LlamaCloudTimeoutException(operation + " timed out: " + cause.getMessage(), failure);
            }
            if (cause.getCause() == null && cause instanceof WebApplicationException web && web.getResponse() != null
                    && web.getResponse().getStatus() >= 400) {
                return HttpErrors.toException(web.getResponse());
            }
        }
        if (failure instanceof ProcessingException || failure instanceof IOException
                || failure instanceof VertxException || failure.getCause() instanceof IOException) {
            return new LlamaCloudIoException(operation + " failed: " + failure.getMessage(), failure);
        }
        return failure;
    }
}
