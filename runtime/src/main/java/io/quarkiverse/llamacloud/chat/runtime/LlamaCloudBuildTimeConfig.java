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
