package io.quarkiverse.llamacloud.chat;

/**
 * HTTP 403: the key may not access this organization, project or session.
 */
public class LlamaCloudPermissionDeniedException extends LlamaCloudHttpException {

    private static final long serialVersionUID = 1L;

    /**
     * @param response what the service answered
     */
    public LlamaCloudPermissionDeniedException(ErrorResponse response) {
        super(response);
    }
}
