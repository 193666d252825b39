package io.quarkiverse.llamacloud.chat.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.runtime.configuration.ConfigurationException;
import io.quarkus.test.QuarkusUnitTest;

/** A proxy address without a usable port is a configuration error naming the key, not a NumberFormatException. */
public class BadProxyTest {

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest()
            .withEmptyApplication()
            .overrideConfigKey("quarkus.llamacloud.api-key", "llx-x")
            .overrideConfigKey("quarkus.llamacloud.base-url", "http://127.0.0.1:9")
            .overrideConfigKey("quarkus.llamacloud.proxy-address", "proxy.internal:")
            .assertException(failure -> {
                Throwable root = failure;
                while (!(root instanceof ConfigurationException) && root.getCause() != null) {
                    root = root.getCause();
                }
                assertThat(root).isInstanceOf(ConfigurationException.class);
                assertThat(root.getMessage()).contains("quarkus.llamacloud.proxy-address",
                        "QUARKUS_LLAMACLOUD_PROXY_ADDRESS", "proxy.internal:");
            });

    @Test
    void startupFails() {
        Assertions.fail("a bad proxy address must not start");
    }
}
