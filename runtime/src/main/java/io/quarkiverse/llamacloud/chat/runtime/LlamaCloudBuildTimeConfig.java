package io.quarkiverse.llamacloud.chat.runtime;

import java.util.OptionalInt;

import io.quarkus.runtime.annotations.ConfigDocFilename;
import io.quarkus.runtime.annotations.ConfigPhase;
import io.quarkus.runtime.annotations.ConfigRoot;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Build-time settings of the LlamaCloud Chat extension.
 */
@ConfigMapping(prefix = "quarkus.llamacloud")
@ConfigRoot(phase = ConfigPhase.BUILD_TIME)
@ConfigDocFilename("quarkus-llamacloud-chat.adoc")
public interface LlamaCloudBuildTimeConfig {

    /**
     * Dev Services: an in-process LlamaCloud Chat emulator for dev and test mode.
     */
    DevServicesConfig devservices();

    /**
     * Health checks, with {@code quarkus-smallrye-health}.
     */
    HealthConfig health();

    /**
     * LlamaCloud failures as HTTP statuses of the application's Quarkus REST endpoints.
     */
    ExceptionMapperConfig exceptionMapper();

    /**
     * LlamaCloud failures as HTTP statuses of the application's Quarkus REST endpoints.
     */
    interface ExceptionMapperConfig {

        /**
         * Whether a LlamaCloud exception that reaches a Quarkus REST endpoint answers with the status it means for
         * the endpoint's caller, as {@code application/problem+json}, logged in one line: 400, 404, 409 and 422 as
         * LlamaCloud answered them, with its message; 503 with {@code Retry-After} when LlamaCloud is busy or
         * unavailable; 504 when it did not answer in time; 502 otherwise, a rejected API key included. Without it,
         * such an exception is a 500 with an ERROR and its stack trace. The application's own exception mappers for
         * LlamaCloud exceptions take precedence. Needs Quarkus REST ({@code quarkus-rest}).
         */
        @WithDefault("false")
        boolean enabled();
    }

    /**
     * Health checks of LlamaCloud Chat.
     */
    interface HealthConfig {

        /**
         * Whether to add a readiness check that LlamaCloud answers with the configured key (one cheap request,
         * reused for 30 s). Off by default: an outage of a third-party service then takes every instance of the
         * application out of load balancing, which is rarely what a chat feature should do.
         */
        @WithDefault("false")
        boolean enabled();
    }

    /**
     * Dev Services for LlamaCloud Chat.
     */
    interface DevServicesConfig {

        /**
         * Whether Dev Services start the emulator in dev and test mode. They start only when neither a base URL
         * ({@code quarkus.llamacloud.base-url}, {@code LLAMA_CLOUD_BASE_URL}) nor an API key
         * ({@code quarkus.llamacloud.api-key}, {@code LLAMA_CLOUD_API_KEY}) is configured, so a configured key always
         * reaches the real service.
         */
        @WithDefault("true")
        boolean enabled();

        /**
         * The emulator's port; a free random port when unset.
         */
        OptionalInt port();
    }
}
