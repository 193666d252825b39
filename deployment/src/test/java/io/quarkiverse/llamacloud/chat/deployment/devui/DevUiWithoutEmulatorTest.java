package io.quarkiverse.llamacloud.chat.deployment.devui;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusDevModeTest;

/**
 * With LlamaCloud configured, Dev Services do not run the emulator: the card has the Chat and Sessions pages, and
 * neither the Emulator page nor its methods.
 */
public class DevUiWithoutEmulatorTest {

    @RegisterExtension
    static final QuarkusDevModeTest dev = DevModeApp.create(
            "quarkus.llamacloud.base-url=http://127.0.0.1:1\nquarkus.llamacloud.api-key=llx-configured\n");

    @Test
    void noEmulatorPageWhenDevServicesDoNotRunIt() {
        String pages = DevModeApp.get(dev, "/q/dev-ui/devui-data.js");
        assertThat(pages).contains("\"componentName\":\"qwc-llamacloud-chat\"",
                "\"componentName\":\"qwc-llamacloud-sessions\"").doesNotContain("qwc-llamacloud-emulator");
        String methods = DevModeApp.get(dev, "/q/dev-ui/devui-jsonrpc-data.js");
        assertThat(methods).contains(DevUiJsonRpc.NAMESPACE + "_streamTurn")
                .doesNotContain(DevUiJsonRpc.NAMESPACE + "_emulatorStats");
        assertThat(DevModeApp.get(dev, "/q/dev-ui/" + DevUiJsonRpc.NAMESPACE + "-data.js"))
                .contains("emulatorBaseUrl = \"\"").doesNotContain("llx-configured");
    }
}
