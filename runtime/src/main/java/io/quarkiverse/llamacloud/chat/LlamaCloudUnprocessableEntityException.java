package io.quarkiverse.llamacloud.chat;

/**
 * HTTP 422: the request was well-formed but invalid, for example a different index set on a session whose indexes are already
 * locked. {@link #detail()} says which field.
 */
public class LlamaCloudUnprocessableEntityException extends LlamaCloudHttpException {

    private static final long serialVersionUID = 1L;

    /**
     * @param response what the service answered
     */
    public LlamaCloudUnprocessableEntityException(ErrorResponse response) {
        super(response);
    }
}
