package io.quarkiverse.llamacloud.chat.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.runtime.configuration.ConfigurationException;
import io.quarkus.test.QuarkusUnitTest;

/**
 * A named client inherits nothing: without its own key the application does not start, and the message names the
 * client's property and environment variable (not the default client's, nor LLAMA_CLOUD_API_KEY).
 */
public class NamedClientConfigTest {

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest()
            .withEmptyApplication()
            .overrideConfigKey("quarkus.llamacloud.api-key", "llx-default")
            .overrideConfigKey("quarkus.llamacloud.\"eu\".base-url", "https://api.cloud.eu.llamaindex.ai")
            .assertException(failure -> {
                Throwable root = failure;
                while (!(root instanceof ConfigurationException) && root.getCause() != null) {
                    root = root.getCause();
                }
                assertThat(root).isInstanceOf(ConfigurationException.class);
                assertThat(root.getMessage()).contains("for the client \"eu\"", "quarkus.llamacloud.\"eu\".api-key",
                        "QUARKUS_LLAMACLOUD__EU__API_KEY").doesNotContain("LLAMA_CLOUD_API_KEY");
            });

    @Test
    void startupFails() {
        Assertions.fail("a named client without a key must not start");
    }
}
