package io.quarkiverse.llamacloud.chat;

/**
 * HTTP 404: no such session (or it belongs to another project).
 */
public class LlamaCloudNotFoundException extends LlamaCloudHttpException {

    private static final long serialVersionUID = 1L;

    /**
     * @param response what the service answered
     */
    public LlamaCloudNotFoundException(ErrorResponse response) {
        super(response);
    }
}
