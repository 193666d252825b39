package io.quarkiverse.llamacloud.chat;

import java.util.List;
import java.util.Map;

/**
 * The service answered with an HTTP error status. Each status has its subclass, such as
 * {@link LlamaCloudNotFoundException}; statuses without one arrive as {@link LlamaCloudUnexpectedStatusException}.
 * <p>
 * Every instance carries the {@link ErrorResponse}: status, headers, body, the server's message and the request id
 * to quote to LlamaCloud support.
 */
public abstract class LlamaCloudHttpException extends LlamaCloudException {

    private static final long serialVersionUID = 1L;

    private final transient ErrorResponse response;

    /**
     * @param response what the service answered
     */
    protected LlamaCloudHttpException(ErrorResponse response) {
        super(describe(response), null);
        this.response = response;
    }

    /** @return what the service answered */
    public ErrorResponse response() {
        return response;
    }

    /** @return the HTTP status code */
    public int status() {
        return response.status();
    }

    /** @return the response body as text, empty when there was none */
    public String body() {
        return response.body();
    }

    /** @return the server's message from a JSON body, or {@code null} */
    public String detail() {
        return response.detail();
    }

    /** @return the request id the server assigned, or {@code null} */
    public String requestId() {
        return response.requestId();
    }

    /** @return the response headers, case-insensitive */
    public Map<String, List<String>> headers() {
        return response.headers();
    }

    private static String describe(ErrorResponse response) {
        StringBuilder message = new StringBuilder("LlamaCloud answered HTTP ").append(response.status());
        if (response.requestId() != null) {
            message.append(" (request id ").append(response.requestId()).append(')');
        }
        String text = response.detail() != null ? response.detail() : response.body();
        if (!text.isBlank()) {
            message.append(": ").append(text.length() > 500 ? text.substring(0, 500) + "..." : text);
        }
        return message.toString();
    }
}
