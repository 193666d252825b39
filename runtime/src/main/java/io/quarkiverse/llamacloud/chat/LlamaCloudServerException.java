package io.quarkiverse.llamacloud.chat;

/**
 * HTTP 5xx: the service failed. Safe to retry later.
 */
public class LlamaCloudServerException extends LlamaCloudHttpException {

    private static final long serialVersionUID = 1L;

    /**
     * @param response what the service answered
     */
    public LlamaCloudServerException(ErrorResponse response) {
        super(response);
    }
}
