package io.quarkiverse.llamacloud.chat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the service answered when a call failed with an HTTP error status.
 *
 * @param status the HTTP status code
 * @param headers the response headers; look-ups by name are case-insensitive
 * @param body the response body as text; empty when there was none
 * @param detail the server's message: the {@code detail} (or {@code message}, {@code error}) field of a JSON body,
 *        or {@code null} when the body carries none
 * @param requestId the request id the server assigned ({@code x-request-id} or {@code request-id} header), or
 *        {@code null}
 */
public record ErrorResponse(int status, Map<String, List<String>> headers, String body, String detail,
        String requestId) {

    /** Makes the headers immutable and case-insensitive, and a missing body empty. */
    public ErrorResponse {
        TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (headers != null) {
            headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
        }
        headers = Collections.unmodifiableMap(copy);
        body = body == null ? "" : body;
    }

    /**
     * @param name a header name, in any case
     * @return the first value of that header, if the response had it
     */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.ofNullable(values.get(0));
    }

    /**
     * How long the server asked the client to wait: {@code Retry-After-Ms} (milliseconds), else {@code Retry-After}
     * (seconds or an HTTP date).
     *
     * @return the delay, if the server sent a readable one
     */
    public Optional<Duration> retryAfter() {
        Optional<String> millis = header("Retry-After-Ms");
        if (millis.isPresent()) {
            try {
                return Optional.of(Duration.ofNanos(Math.max(0, (long) (Double.parseDouble(millis.get().trim()) * 1e6))));
            } catch (NumberFormatException e) {
                // fall through to Retry-After, as LlamaCloud's SDKs do
            }
        }
        return header("Retry-After").flatMap(value -> seconds(value.trim(), Instant.now()));
    }

    /** {@code Retry-After}: seconds, or an HTTP date; a date in the past is no wait. */
    static Optional<Duration> seconds(String value, Instant now) {
        try {
            return Optional.of(Duration.ofMillis(Math.max(0, (long) (Double.parseDouble(value) * 1000))));
        } catch (NumberFormatException e) {
            try {
                Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration wait = Duration.between(now, at);
                return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
            } catch (DateTimeParseException notADate) {
                return Optional.empty();
            }
        }
    }
}
