package io.quarkiverse.llamacloud.chat.runtime.http;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

import io.quarkiverse.llamacloud.chat.ErrorResponse;

/**
 * Reads the wait a server asks for: {@code Retry-After-Ms} first (LlamaCloud's SDKs honour it), then
 * {@code Retry-After} as seconds or as an HTTP date.
 */
public final class RetryAfter {

    private RetryAfter() {
    }

    /**
     * @param response an error response
     * @return the requested wait, never negative, if a header held a readable one
     */
    public static Optional<Duration> parse(ErrorResponse response) {
        Optional<String> millis = response.header("Retry-After-Ms");
        if (millis.isPresent()) {
            try {
                return Optional.of(Duration.ofNanos(Math.max(0, (long) (Double.parseDouble(millis.get().trim()) * 1e6))));
            } catch (NumberFormatException e) {
                // fall through to Retry-After, as the SDKs do
            }
        }
        return response.header("Retry-After").flatMap(value -> seconds(value.trim(), Instant.now()));
    }

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
