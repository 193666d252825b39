package io.quarkiverse.llamacloud.chat.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.runtime.configuration.ConfigurationException;
import io.quarkus.test.QuarkusUnitTest;

/**
 * Without a key the application does not start, and the error names the property and both environment variables.
 */
public class MissingApiKeyTest {

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest()
            .withEmptyApplication()
            .overrideConfigKey("quarkus.llamacloud.base-url", "http://127.0.0.1:9")
            .assertException(failure -> {
                Throwable root = failure;
                while (!(root instanceof ConfigurationException) && root.getCause() != null) {
                    root = root.getCause();
                }
                assertThat(root).isInstanceOf(ConfigurationException.class);
                assertThat(root.getMessage()).contains("quarkus.llamacloud.api-key", "QUARKUS_LLAMACLOUD_API_KEY",
                        "LLAMA_CLOUD_API_KEY");
            });

    @Test
    void startupFails() {
        Assertions.fail("the application must not start without an API key");
    }
}
