package io.quarkiverse.llamacloud.chat;

/**
 * Base of every failure this extension reports. Unchecked; catch it to handle any LlamaCloud failure at once.
 * <p>
 * The subclasses say what went wrong: {@link LlamaCloudHttpException} and its status-specific subclasses when the
 * service answered with an error status, {@link LlamaCloudIoException} when no usable answer arrived, and
 * {@link LlamaCloudMalformedResponseException} when the answer could not be decoded.
 */
public class LlamaCloudException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what happened
     * @param cause the underlying failure, or {@code null}
     */
    public LlamaCloudException(String message, Throwable cause) {
        super(message, cause);
    }
}
