package io.quarkiverse.llamacloud.chat.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.llamacloud.chat.ChatSessions;
import io.quarkiverse.llamacloud.chat.LlamaCloudClient;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.quarkus.test.QuarkusUnitTest;

/** Injecting a client that is not configured fails the build, naming it and listing the configured ones. */
public class UnknownClientTest {

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClass(Uses.class))
            .overrideConfigKey("quarkus.llamacloud.api-key", "llx-x")
            .overrideConfigKey("quarkus.llamacloud.\"eu\".api-key", "llx-eu")
            .overrideConfigKey("quarkus.llamacloud.us.api-key", "llx-us")
            .assertException(failure -> {
                Throwable root = failure;
                while (!(root instanceof ConfigurationException) && root.getCause() != null) {
                    root = root.getCause();
                }
                assertThat(root).isInstanceOf(ConfigurationException.class);
                assertThat(root.getMessage()).contains("\"europe\"", "Uses", "Configured clients: [\"eu\", \"us\"]",
                        "quarkus.llamacloud.\"europe\".api-key");
            });

    @ApplicationScoped
    static class Uses {
        @Inject
        @LlamaCloudClient("europe")
        ChatSessions typo;
    }

    @Test
    void theBuildFails() {
        Assertions.fail("the build must fail on an unknown client name");
    }
}
