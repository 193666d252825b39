package io.quarkiverse.llamacloud.chat.runtime.rest;

import java.time.Duration;
import java.util.Optional;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkiverse.llamacloud.chat.LlamaCloudBadRequestException;
import io.quarkiverse.llamacloud.chat.LlamaCloudCircuitOpenException;
import io.quarkiverse.llamacloud.chat.LlamaCloudConflictException;
import io.quarkiverse.llamacloud.chat.LlamaCloudException;
import io.quarkiverse.llamacloud.chat.LlamaCloudHttpException;
import io.quarkiverse.llamacloud.chat.LlamaCloudIoException;
import io.quarkiverse.llamacloud.chat.LlamaCloudMalformedResponseException;
import io.quarkiverse.llamacloud.chat.LlamaCloudNotFoundException;
import io.quarkiverse.llamacloud.chat.LlamaCloudPermissionDeniedException;
import io.quarkiverse.llamacloud.chat.LlamaCloudRateLimitException;
import io.quarkiverse.llamacloud.chat.LlamaCloudServerException;
import io.quarkiverse.llamacloud.chat.LlamaCloudStreamCutOffException;
import io.quarkiverse.llamacloud.chat.LlamaCloudTimeoutException;
import io.quarkiverse.llamacloud.chat.LlamaCloudTurnAcceptedException;
import io.quarkiverse.llamacloud.chat.LlamaCloudTurnFailedException;
import io.quarkiverse.llamacloud.chat.LlamaCloudUnauthorizedException;
import io.quarkiverse.llamacloud.chat.LlamaCloudUnprocessableEntityException;
import io.quarkiverse.llamacloud.chat.runtime.json.LlamaCloudJson;

/**
 * Answers a LlamaCloud failure that reaches a Quarkus REST endpoint with the status it means for the endpoint's
 * caller, as {@code application/problem+json}, and logs it in one line, instead of Quarkus's {@code 500} with an
 * ERROR and a stack trace.
 * <p>
 * A request LlamaCloud rejects for what it carries (400, 404, 409, 422) keeps its status and LlamaCloud's message:
 * usually the caller's question or session caused it. Everything else is the application's upstream failing:
 * {@code 503} with {@code Retry-After} when LlamaCloud is busy or unavailable (429, 503, circuit open), {@code 504}
 * when it did not answer in time, {@code 502} otherwise, including a rejected API key, which is the application's
 * configuration and no business of its caller's ({@code 401} would ask the caller for credentials). Those carry no
 * LlamaCloud message, only its request id, to quote to LlamaCloud support.
 * <p>
 * Registered only with {@code quarkus.llamacloud.exception-mapper.enabled=true} in an application with Quarkus REST,
 * at a lower priority than the application's own mappers: a mapper of the application for any LlamaCloud exception
 * wins. It cannot apply to a failure in the middle of a stream, once the response has started.
 */
public class LlamaCloudExceptionMapper implements ExceptionMapper<LlamaCloudException> {

    static final Logger LOG = Logger.getLogger("io.quarkiverse.llamacloud.chat");

    /** The media type of the answers, RFC 9457's problem details. */
    public static final String PROBLEM_JSON = "application/problem+json";

    @Override
    public Response toResponse(LlamaCloudException failure) {
        Problem problem = Problem.of(failure);
        problem.log(failure);
        Response.ResponseBuilder response = Response.status(problem.status()).type(PROBLEM_JSON)
                .entity(problem.toJson());
        problem.retryAfterSeconds().ifPresent(seconds -> response.header("Retry-After", seconds));
        return response.build();
    }

    /**
     * What the caller is told.
     *
     * @param status the HTTP status of the answer
     * @param title what happened, in a few words
     * @param detail LlamaCloud's message, where it concerns the caller's request; else {@code null}
     * @param failure the exception, for the log line
     */
    record Problem(int status, String title, String detail, LlamaCloudException failure) {

        static Problem of(LlamaCloudException failure) {
            if (failure instanceof LlamaCloudBadRequestException || failure instanceof LlamaCloudUnprocessableEntityException
                    || failure instanceof LlamaCloudConflictException) {
                LlamaCloudHttpException http = (LlamaCloudHttpException) failure;
                return new Problem(http.status(), "LlamaCloud rejected the request", message(http), failure);
            }
            if (failure instanceof LlamaCloudNotFoundException http) {
                return new Problem(404, "No such LlamaCloud session", message(http), failure);
            }
            if (failure instanceof LlamaCloudUnauthorizedException || failure instanceof LlamaCloudPermissionDeniedException) {
                return new Problem(502, "LlamaCloud rejected the application's credentials", null, failure);
            }
            if (failure instanceof LlamaCloudRateLimitException || failure instanceof LlamaCloudCircuitOpenException
                    || failure instanceof LlamaCloudServerException server && server.status() == 503) {
                return new Problem(503, "LlamaCloud is unavailable, try again later", null, failure);
            }
            if (failure instanceof LlamaCloudTimeoutException) {
                return new Problem(504, "LlamaCloud did not answer in time", null, failure);
            }
            if (failure instanceof LlamaCloudTurnAcceptedException) {
                // Not "unreachable": the turn is on LlamaCloud, so a caller must not simply send it again.
                return new Problem(502, "LlamaCloud took the turn, but its answer broke off; it is in the session's "
                        + "history", null, failure);
            }
            if (failure instanceof LlamaCloudTurnFailedException turn) {
                return new Problem(502, "LlamaCloud could not answer", turn.error(), failure);
            }
            if (failure instanceof LlamaCloudStreamCutOffException) {
                return new Problem(502, "LlamaCloud's answer broke off", null, failure);
            }
            if (failure instanceof LlamaCloudMalformedResponseException) {
                return new Problem(502, "LlamaCloud's answer could not be read", null, failure);
            }
            if (failure instanceof LlamaCloudIoException) {
                return new Problem(502, "LlamaCloud could not be reached", null, failure);
            }
            return new Problem(502, "LlamaCloud failed", null, failure);
        }

        /** @return how long LlamaCloud asked to wait, in whole seconds rounded up, for a 503 */
        Optional<Long> retryAfterSeconds() {
            if (status != 503) {
                return Optional.empty();
            }
            Optional<Duration> wait = failure instanceof LlamaCloudRateLimitException limit ? limit.retryAfter()
                    : failure instanceof LlamaCloudHttpException http ? http.response().retryAfter() : Optional.empty();
            return wait.map(duration -> Math.max(1, (duration.toMillis() + 999) / 1000));
        }

        String toJson() {
            ObjectNode json = LlamaCloudJson.mapper().createObjectNode();
            json.put("title", title);
            json.put("status", status);
            if (detail != null) {
                json.put("detail", detail);
            }
            if (failure instanceof LlamaCloudHttpException http) {
                json.put("llamacloudStatus", http.status());
                if (http.requestId() != null) {
                    json.put("requestId", http.requestId());
                }
            }
            return json.toString(); // a tree of strings and numbers: Jackson's own serialization
        }

        /**
         * One line, no stack trace: the exception's message says what happened (status, request id, attempts) and
         * never holds the API key. The caller's own mistakes are for debugging only; the application's credentials
         * need someone's attention.
         */
        void log(LlamaCloudException failure) {
            String line = "LlamaCloud failure answered with HTTP " + status + ": " + failure.getMessage();
            if (status < 500) {
                LOG.debug(line);
            } else if (failure instanceof LlamaCloudUnauthorizedException
                    || failure instanceof LlamaCloudPermissionDeniedException) {
                LOG.error(line + " (check quarkus.llamacloud.api-key)");
            } else {
                LOG.warn(line);
            }
        }

        private static String message(LlamaCloudHttpException http) {
            return http.detail() != null ? http.detail() : http.body().isBlank() ? null : http.body();
        }
    }
}
