package io.quarkiverse.llamacloud.chat;

/**
 * An event of a turn's stream carried a {@code data} payload that is not a JSON object. The events before it were
 * delivered; the stream is closed.
 */
public class LlamaCloudMalformedEventException extends LlamaCloudMalformedResponseException {

    private static final long serialVersionUID = 1L;

    private final String payloadStart;

    /**
     * @param payloadStart the first characters of the offending payload
     * @param cause the decoding failure, or {@code null}
     */
    public LlamaCloudMalformedEventException(String payloadStart, Throwable cause) {
        super("An event of the stream is not a JSON object: " + payloadStart, cause);
        this.payloadStart = payloadStart;
    }

    /** @return the first characters of the offending payload (up to 200) */
    public String payloadStart() {
        return payloadStart;
    }
}
