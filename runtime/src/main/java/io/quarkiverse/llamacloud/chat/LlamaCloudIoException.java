package io.quarkiverse.llamacloud.chat;

/**
 * No usable answer arrived: the connection failed, was reset or closed early. The cause carries the transport error.
 */
public class LlamaCloudIoException extends LlamaCloudException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what happened
     * @param cause the transport failure
     */
    public LlamaCloudIoException(String message, Throwable cause) {
        super(message, cause);
    }
}
