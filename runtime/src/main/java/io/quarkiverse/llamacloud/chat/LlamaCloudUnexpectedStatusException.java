package io.quarkiverse.llamacloud.chat;

/**
 * An HTTP error status that has no more specific exception, such as 405 or 413.
 */
public class LlamaCloudUnexpectedStatusException extends LlamaCloudHttpException {

    private static final long serialVersionUID = 1L;

    /**
     * @param response what the service answered
     */
    public LlamaCloudUnexpectedStatusException(ErrorResponse response) {
        super(response);
    }
}
