package io.quarkiverse.llamacloud.chat;

/**
 * The service answered with a success status, but the body is not the JSON the API reference describes.
 */
public class LlamaCloudMalformedResponseException extends LlamaCloudException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what could not be decoded
     * @param cause the decoding failure
     */
    public LlamaCloudMalformedResponseException(String message, Throwable cause) {
        super(message, cause);
    }
}
