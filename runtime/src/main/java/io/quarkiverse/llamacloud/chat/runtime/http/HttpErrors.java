package io.quarkiverse.llamacloud.chat.runtime.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkiverse.llamacloud.chat.ErrorResponse;
import io.quarkiverse.llamacloud.chat.LlamaCloudBadRequestException;
import io.quarkiverse.llamacloud.chat.LlamaCloudConflictException;
import io.quarkiverse.llamacloud.chat.LlamaCloudHttpException;
import io.quarkiverse.llamacloud.chat.LlamaCloudNotFoundException;
import io.quarkiverse.llamacloud.chat.LlamaCloudPermissionDeniedException;
import io.quarkiverse.llamacloud.chat.LlamaCloudRateLimitException;
import io.quarkiverse.llamacloud.chat.LlamaCloudServerException;
import io.quarkiverse.llamacloud.chat.LlamaCloudUnauthorizedException;
import io.quarkiverse.llamacloud.chat.LlamaCloudUnexpectedStatusException;
import io.quarkiverse.llamacloud.chat.LlamaCloudUnprocessableEntityException;
import io.quarkiverse.llamacloud.chat.runtime.json.LlamaCloudJson;

/**
 * Maps an HTTP error status to the typed exception for it, keeping status, headers, body, the server's message and
 * the request id.
 */
public final class HttpErrors {

    /** Response headers that carry the request id, in the order they are looked up. */
    static final List<String> REQUEST_ID_HEADERS = List.of("x-request-id", "request-id", "x-amzn-requestid");

    private HttpErrors() {
    }

    /**
     * @param response a response with an error status
     * @return the typed exception for its status
     */
    public static LlamaCloudHttpException toException(Response response) {
        String body = "";
        if (response.hasEntity()) {
            try {
                body = response.readEntity(String.class);
            } catch (RuntimeException unreadable) {
                body = "";
            }
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        response.getStringHeaders().forEach(headers::put);
        return toException(response.getStatus(), headers, body);
    }

    /**
     * @param status the HTTP status
     * @param headers the response headers
     * @param body the response body as text
     * @return the typed exception for the status
     */
    public static LlamaCloudHttpException toException(int status, Map<String, List<String>> headers, String body) {
        ErrorResponse draft = new ErrorResponse(status, headers, body, null, null);
        String requestId = REQUEST_ID_HEADERS.stream().map(draft::header)
                .flatMap(java.util.Optional::stream).findFirst().orElse(null);
        ErrorResponse error = new ErrorResponse(status, draft.headers(), draft.body(), detail(draft.body()), requestId);
        return switch (status) {
            case 400 -> new LlamaCloudBadRequestException(error);
            case 401 -> new LlamaCloudUnauthorizedException(error);
            case 403 -> new LlamaCloudPermissionDeniedException(error);
            case 404 -> new LlamaCloudNotFoundException(error);
            case 409 -> new LlamaCloudConflictException(error);
            case 422 -> new LlamaCloudUnprocessableEntityException(error);
            case 429 -> new LlamaCloudRateLimitException(error);
            default -> status >= 500 && status <= 599 ? new LlamaCloudServerException(error)
                    : new LlamaCloudUnexpectedStatusException(error);
        };
    }

    /**
     * The server's message from a JSON error body: {@code detail} (FastAPI's field, a string or a list of
     * validation errors), else {@code message}, else {@code error}.
     */
    static String detail(String body) {
        if (body.isBlank() || body.charAt(0) != '{') {
            return null;
        }
        JsonNode json;
        try {
            json = LlamaCloudJson.mapper().readTree(body);
        } catch (Exception notJson) {
            return null;
        }
        for (String field : List.of("detail", "message", "error")) {
            JsonNode value = json.get(field);
            if (value == null || value.isNull()) {
                continue;
            }
            if (value.isTextual()) {
                return value.asText();
            }
            if (value.isArray() && !value.isEmpty() && value.get(0).has("msg")) {
                StringBuilder joined = new StringBuilder();
                for (JsonNode item : value) {
                    if (!joined.isEmpty()) {
                        joined.append("; ");
                    }
                    JsonNode loc = item.get("loc");
                    if (loc != null && loc.isArray()) {
                        joined.append(loc.toString()).append(' ');
                    }
                    joined.append(item.path("msg").asText());
                }
                return joined.toString();
            }
            return value.toString();
        }
        return null;
    }
}
