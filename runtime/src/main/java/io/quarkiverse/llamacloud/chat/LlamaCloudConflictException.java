package io.quarkiverse.llamacloud.chat;

/**
 * HTTP 409: the request conflicts with the session's state.
 */
public class LlamaCloudConflictException extends LlamaCloudHttpException {

    private static final long serialVersionUID = 1L;

    /**
     * @param response what the service answered
     */
    public LlamaCloudConflictException(ErrorResponse response) {
        super(response);
    }
}
