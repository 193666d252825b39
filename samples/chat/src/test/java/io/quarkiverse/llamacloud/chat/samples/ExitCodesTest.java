package io.quarkiverse.llamacloud.chat.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkiverse.llamacloud.chat.ErrorResponse;
import io.quarkiverse.llamacloud.chat.LlamaCloudBadRequestException;
import io.quarkiverse.llamacloud.chat.LlamaCloudIoException;
import io.quarkiverse.llamacloud.chat.LlamaCloudMalformedEventException;
import io.quarkiverse.llamacloud.chat.LlamaCloudPermissionDeniedException;
import io.quarkiverse.llamacloud.chat.LlamaCloudRateLimitException;
import io.quarkiverse.llamacloud.chat.LlamaCloudServerException;
import io.quarkiverse.llamacloud.chat.LlamaCloudStreamCutOffException;
import io.quarkiverse.llamacloud.chat.LlamaCloudStreamTimeoutException;
import io.quarkiverse.llamacloud.chat.LlamaCloudTurnAcceptedException;
import io.quarkiverse.llamacloud.chat.LlamaCloudUnauthorizedException;
import io.quarkiverse.llamacloud.chat.LlamaCloudUnexpectedStatusException;
import io.quarkiverse.llamacloud.chat.LlamaCloudUnprocessableEntityException;
import io.quarkus.runtime.configuration.ConfigurationException;

/**
 * One exit status per kind of failure, and one line saying what happened.
 */
class ExitCodesTest {

    @Test
    void eachKindOfFailureHasItsStatus() {
        assertThat(ExitCodes.of(new LlamaCloudUnauthorizedException(response(401)))).isEqualTo(77);
        assertThat(ExitCodes.of(new LlamaCloudPermissionDeniedException(response(403)))).isEqualTo(77);
        assertThat(ExitCodes.of(new LlamaCloudBadRequestException(response(400)))).isEqualTo(65);
        assertThat(ExitCodes.of(new LlamaCloudUnprocessableEntityException(response(422)))).isEqualTo(65);
        assertThat(ExitCodes.of(new LlamaCloudUnexpectedStatusException(response(413)))).isEqualTo(65);
        assertThat(ExitCodes.of(new LlamaCloudRateLimitException(response(429)))).isEqualTo(69);
        assertThat(ExitCodes.of(new LlamaCloudServerException(response(503)))).isEqualTo(69);
        assertThat(ExitCodes.of(new LlamaCloudIoException("POST /api/v1/chat failed", new ConnectException())))
                .isEqualTo(74);
        assertThat(ExitCodes.of(new LlamaCloudStreamTimeoutException("silent", Duration.ofSeconds(60), 3)))
                .isEqualTo(74);
        assertThat(ExitCodes.of(new LlamaCloudStreamCutOffException("cut", 2, null))).isEqualTo(76);
        assertThat(ExitCodes.of(new LlamaCloudTurnAcceptedException("accepted", "ses-1", 2,
                new LlamaCloudStreamCutOffException("cut", 2, null)))).isEqualTo(76);
        assertThat(ExitCodes.of(new LlamaCloudMalformedEventException("{not json", null))).isEqualTo(76);
        assertThat(ExitCodes.of(new ConfigurationException("no key"))).isEqualTo(78);
        assertThat(ExitCodes.of(new IllegalStateException("bug"))).isEqualTo(70);
    }

    @Test
    void anHttpFailureIsOneLineWithStatusAndRequestId() {
        ErrorResponse response = new ErrorResponse(401, Map.of("x-request-id", List.of("req-1")),
                "{\"detail\":\"Invalid\\nkey\"}", "Invalid\nkey", "req-1");
        assertThat(ExitCodes.describe(new LlamaCloudUnauthorizedException(response)))
                .isEqualTo("LlamaCloud answered HTTP 401 (request id req-1): Invalid key (check LLAMA_CLOUD_API_KEY)");
    }

    @Test
    void aTransportFailureSaysWhy() {
        assertThat(ExitCodes.describe(new LlamaCloudIoException("POST /api/v1/chat failed",
                new ConnectException("Connection refused")))).isEqualTo("POST /api/v1/chat failed: Connection refused");
        assertThat(ExitCodes.describe(new IllegalStateException("boom"))).isEqualTo("internal error: boom");
    }

    private static ErrorResponse response(int status) {
        return new ErrorResponse(status, Map.of(), "", null, null);
    }
}
