package io.quarkiverse.llamacloud.chat.samples;

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
import io.quarkiverse.llamacloud.chat.LlamaCloudTurnAcceptedException;
import io.quarkiverse.llamacloud.chat.LlamaCloudTurnFailedException;
import io.quarkiverse.llamacloud.chat.LlamaCloudUnauthorizedException;
import io.quarkiverse.llamacloud.chat.LlamaCloudUnprocessableEntityException;
import io.quarkus.runtime.configuration.ConfigurationException;

/**
 * The demo's exit statuses, one per kind of failure a script may want to tell apart; the numbers are those of BSD's
 * {@code sysexits.h}, so that they mean the same as for other command-line tools.
 */
final class ExitCodes {

    static final int OK = 0;
    /** The service answered, with a {@code stop} event that says the turn failed. */
    static final int TURN_FAILED = 1;
    static final int USAGE = 64;
    /** EX_DATAERR: the service rejected what was sent. */
    static final int REJECTED = 65;
    static final int UNAVAILABLE = 69;
    static final int SOFTWARE = 70;
    static final int IO = 74;
    static final int PROTOCOL = 76;
    static final int NO_PERMISSION = 77;
    static final int CONFIG = 78;

    private ExitCodes() {
    }

    /**
     * @param failure what went wrong
     * @return the exit status for it
     */
    static int of(Throwable failure) {
        if (failure instanceof LlamaCloudUnauthorizedException || failure instanceof LlamaCloudPermissionDeniedException) {
            return NO_PERMISSION;
        }
        if (failure instanceof LlamaCloudBadRequestException || failure instanceof LlamaCloudUnprocessableEntityException
                || failure instanceof LlamaCloudNotFoundException || failure instanceof LlamaCloudConflictException) {
            return REJECTED;
        }
        if (failure instanceof LlamaCloudRateLimitException || failure instanceof LlamaCloudServerException
                || failure instanceof LlamaCloudCircuitOpenException) {
            return UNAVAILABLE;
        }
        if (failure instanceof LlamaCloudHttpException http) {
            return http.status() < 500 ? REJECTED : UNAVAILABLE;
        }
        // Before the I/O case: a cut-off stream is an I/O failure too, but the service was reached and answered; so
        // did it for a turn it accepted, whatever broke its stream then.
        if (failure instanceof LlamaCloudTurnAcceptedException || failure instanceof LlamaCloudStreamCutOffException
                || failure instanceof LlamaCloudMalformedResponseException) {
            return PROTOCOL;
        }
        if (failure instanceof LlamaCloudIoException) {
            return IO;
        }
        if (failure instanceof LlamaCloudTurnFailedException) {
            return TURN_FAILED;
        }
        if (failure instanceof ConfigurationException) {
            return CONFIG;
        }
        return SOFTWARE;
    }

    /**
     * @param failure what went wrong
     * @return one line for the user: the typed exception's message (for HTTP it names the status and the request
     *         id), and what to check where that is clear
     */
    static String describe(Throwable failure) {
        String message = failure.getMessage() == null || failure.getMessage().isBlank() ? failure.toString()
                : failure.getMessage();
        if (!(failure instanceof LlamaCloudHttpException) && failure.getCause() != null
                && failure.getCause().getMessage() != null && !message.contains(failure.getCause().getMessage())) {
            // Transport failures say what was attempted; the cause says why (refused, reset, unknown host).
            message = message + ": " + failure.getCause().getMessage();
        }
        message = message.replaceAll("\\s*\\R\\s*", " ").strip();
        if (failure instanceof LlamaCloudUnauthorizedException) {
            message = message + " (check " + DemoOptions.API_KEY_VARIABLE + ")";
        } else if (!(failure instanceof LlamaCloudException) && !(failure instanceof ConfigurationException)) {
            message = "internal error: " + message;
        }
        return message;
    }
}
