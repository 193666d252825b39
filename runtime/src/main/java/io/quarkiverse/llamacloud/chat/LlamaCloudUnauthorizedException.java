package io.quarkiverse.llamacloud.chat;

/**
 * HTTP 401: the API key is missing, wrong or revoked. Check {@code quarkus.llamacloud.api-key}.
 */
public class LlamaCloudUnauthorizedException extends LlamaCloudHttpException {

    private static final long serialVersionUID = 1L;

    /**
     * @param response what the service answered
     */
    public LlamaCloudUnauthorizedException(ErrorResponse response) {
        super(response);
    }
}
