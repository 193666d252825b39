package io.quarkiverse.llamacloud.chat;

/**
 * The circuit breaker ({@code quarkus.llamacloud.circuit-breaker.enabled=true}) is open after too many failures: the
 * call was not sent. Retry after {@code quarkus.llamacloud.circuit-breaker.delay}.
 */
public class LlamaCloudCircuitOpenException extends LlamaCloudException {

    private static final long serialVersionUID = 1L;

    /**
     * @param operation the call that was refused
     * @param cause the circuit breaker's own exception
     */
    public LlamaCloudCircuitOpenException(String operation, Throwable cause) {
        super(operation + " was not sent: the LlamaCloud circuit breaker is open after repeated failures", cause);
    }
}
