package io.quarkiverse.llamacloud.chat.docs;

// tag::example[]
import java.util.ArrayList;
import java.util.List;

import io.quarkiverse.llamacloud.chat.LlamaCloudEarlierAttemptException;
import io.quarkiverse.llamacloud.chat.LlamaCloudException;
import io.quarkiverse.llamacloud.chat.LlamaCloudHttpException;

/**
 * Every attempt of a failed call, one line each, for a support ticket: LlamaCloud's support finds a request by its id.
 */
public final class FailureReport {

    public static List<String> lines(LlamaCloudException failure) {
        List<String> lines = new ArrayList<>();
        for (Throwable suppressed : failure.getSuppressed()) {
            if (suppressed instanceof LlamaCloudEarlierAttemptException earlier) { // <1>
                lines.add("attempt " + earlier.attempt() + ": " + describe(earlier.getCause()));
            }
        }
        lines.add("attempt " + failure.attempts() + ": " + describe(failure)); // <2>
        return lines;
    }

    private static String describe(Throwable failure) {
        return failure instanceof LlamaCloudHttpException http
                ? "HTTP " + http.status() + ", request " + http.requestId()
                : failure.getClass().getSimpleName();
    }

    private FailureReport() {
    }
}
// end::example[]
