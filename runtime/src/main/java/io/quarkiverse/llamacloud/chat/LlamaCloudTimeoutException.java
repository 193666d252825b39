package io.quarkiverse.llamacloud.chat;

/**
 * The service did not answer in time: connecting took longer than {@code quarkus.llamacloud.connect-timeout}, or a
 * response took longer than {@code quarkus.llamacloud.read-timeout}.
 */
public class LlamaCloudTimeoutException extends LlamaCloudIoException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message which limit was exceeded
     * @param cause the underlying timeout, or {@code null}
     */
    public LlamaCloudTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
