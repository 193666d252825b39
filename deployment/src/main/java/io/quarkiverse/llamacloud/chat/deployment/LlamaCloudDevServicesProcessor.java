package io.quarkiverse.llamacloud.chat.deployment;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import io.quarkiverse.llamacloud.chat.runtime.LlamaCloudBuildTimeConfig;
import io.quarkus.deployment.IsNormal;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.builditem.DevServicesResultBuildItem;
import io.quarkus.deployment.dev.devservices.DevServicesConfig;

/**
 * Starts the LlamaCloud Chat emulator in dev and test mode when nothing points the application at LlamaCloud, so that
 * {@code quarkus dev} and {@code @QuarkusTest} work offline with no key.
 */
class LlamaCloudDevServicesProcessor {

    private static final Logger LOG = Logger.getLogger(LlamaCloudDevServicesProcessor.class);

    static final String BASE_URL = "quarkus.llamacloud.base-url";
    static final String API_KEY = "quarkus.llamacloud.api-key";

    /** Any of these configured means the user chose a LlamaCloud to talk to. */
    static final List<String> USER_SETTINGS = List.of(BASE_URL, API_KEY, "LLAMA_CLOUD_BASE_URL", "LLAMA_CLOUD_API_KEY");

    @BuildStep(onlyIfNot = IsNormal.class, onlyIf = DevServicesConfig.Enabled.class)
    DevServicesResultBuildItem emulator(LlamaCloudBuildTimeConfig config) {
        if (!config.devservices().enabled()) {
            return null;
        }
        for (String setting : USER_SETTINGS) {
            if (ConfigProvider.getConfig().getOptionalValue(setting, String.class).filter(v -> !v.isBlank())
                    .isPresent()) {
                LOG.debugf("Not starting the LlamaCloud Chat emulator: %s is configured", setting);
                return null;
            }
        }
        int port = config.devservices().port().orElse(0);
        return DevServicesResultBuildItem.<EmulatorDevService> owned()
                .feature(LlamaCloudChatProcessor.FEATURE)
                .serviceName("llamacloud-chat-emulator")
                .serviceConfig(port)
                .description("LlamaCloud Chat emulator")
                .startable(() -> new EmulatorDevService(port))
                .postStartHook(service -> LOG.infof("Dev Services for LlamaCloud Chat started the emulator at %s "
                        + "(demo index: demo-index). Set %s to use LlamaCloud.", service.baseUrl(), API_KEY))
                .configProvider(Map.<String, Function<EmulatorDevService, String>> of(
                        BASE_URL, EmulatorDevService::baseUrl,
                        API_KEY, EmulatorDevService::apiKey))
                .build();
    }
}
