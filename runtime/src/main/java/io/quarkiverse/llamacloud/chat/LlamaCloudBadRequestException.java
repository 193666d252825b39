package io.quarkiverse.llamacloud.chat;

/**
 * HTTP 400: the request was malformed, for example a missing or too long prompt.
 */
public class LlamaCloudBadRequestException extends LlamaCloudHttpException {

    private static final long serialVersionUID = 1L;

    /**
     * @param response what the service answered
     */
    public LlamaCloudBadRequestException(ErrorResponse response) {
        super(response);
    }
}
