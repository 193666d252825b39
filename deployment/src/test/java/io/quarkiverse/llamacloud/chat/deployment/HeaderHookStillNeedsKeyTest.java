package io.quarkiverse.llamacloud.chat.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.enterprise.context.ApplicationScoped;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.llamacloud.chat.LlamaCloudRequestCustomizer;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.quarkus.test.QuarkusUnitTest;

/** A hook that only adds headers does not spare a client its key: a forgotten key still fails the start. */
public class HeaderHookStillNeedsKeyTest {

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClass(TenantHeader.class))
            .overrideConfigKey("quarkus.llamacloud.base-url", "http://127.0.0.1:9")
            .assertException(failure -> {
                Throwable root = failure;
                while (!(root instanceof ConfigurationException) && root.getCause() != null) {
                    root = root.getCause();
                }
                assertThat(root).isInstanceOf(ConfigurationException.class);
                assertThat(root.getMessage()).contains("quarkus.llamacloud.api-key");
            });

    @ApplicationScoped
    public static class TenantHeader implements LlamaCloudRequestCustomizer {
        @Override
        public void customize(Request request) {
            request.header("X-Tenant", "acme");
        }
    }

    @Test
    void startupFails() {
        Assertions.fail("a header-only hook must not stand in for the key");
    }
}
