package io.quarkiverse.llamacloud.chat.deployment;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import io.quarkiverse.llamacloud.chat.emulator.EmulatorOptions;
import io.quarkiverse.llamacloud.chat.emulator.LlamaCloudEmulator;
import io.quarkiverse.llamacloud.chat.runtime.LlamaCloudBuildTimeConfig;
import io.quarkus.deployment.IsNormal;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.builditem.CuratedApplicationShutdownBuildItem;
import io.quarkus.deployment.builditem.DevServicesResultBuildItem;
import io.quarkus.deployment.dev.devservices.DevServicesConfig;

/**
 * Starts the LlamaCloud Chat emulator in dev and test mode when nothing points the application at LlamaCloud, so that
 * {@code quarkus dev} and {@code @QuarkusTest} work offline with no key.
 * <p>
 * The emulator runs in-process, so this uses Quarkus's "discovered" Dev Service form and keeps the emulator's
 * lifecycle here: the "owned" form needs {@code io.quarkus:quarkus-devservices} at runtime, which brings
 * Testcontainers, and Testcontainers logs an ERROR about Docker on every machine without it.
 */
class LlamaCloudDevServicesProcessor {

    private static final Logger LOG = Logger.getLogger(LlamaCloudDevServicesProcessor.class);

    static final String BASE_URL = "quarkus.llamacloud.base-url";
    static final String API_KEY = "quarkus.llamacloud.api-key";

    /** Any of these configured means the user chose a LlamaCloud to talk to. */
    static final List<String> USER_SETTINGS = List.of(BASE_URL, API_KEY, "LLAMA_CLOUD_BASE_URL", "LLAMA_CLOUD_API_KEY");

    /**
     * The emulator of this dev-mode session or test run, kept across live reloads (this class outlives the
     * application's class loader); {@code null} when none runs.
     */
    private static volatile RunningEmulator running;

    /** The emulator and the port it was asked for, so a changed port starts a new one. */
    private record RunningEmulator(LlamaCloudEmulator emulator, int requestedPort) {
    }

    @BuildStep(onlyIfNot = IsNormal.class, onlyIf = DevServicesConfig.Enabled.class)
    DevServicesResultBuildItem emulator(LlamaCloudBuildTimeConfig config, CuratedApplicationShutdownBuildItem shutdown) {
        if (!config.devservices().enabled()) {
            stop();
            return null;
        }
        for (String setting : USER_SETTINGS) {
            if (ConfigProvider.getConfig().getOptionalValue(setting, String.class).filter(v -> !v.isBlank())
                    .isPresent()) {
                LOG.debugf("Not starting the LlamaCloud Chat emulator: %s is configured", setting);
                stop();
                return null;
            }
        }
        int port = config.devservices().port().orElse(0);
        LlamaCloudEmulator emulator = start(port, shutdown);
        return DevServicesResultBuildItem.discovered()
                .feature(LlamaCloudChatProcessor.FEATURE)
                .description("LlamaCloud Chat emulator at " + emulator.baseUrl())
                .config(Map.of(BASE_URL, emulator.baseUrl(), API_KEY, emulator.apiKey()))
                .build();
    }

    private static synchronized LlamaCloudEmulator start(int port, CuratedApplicationShutdownBuildItem shutdown) {
        RunningEmulator current = running;
        if (current != null && current.requestedPort() == port) {
            return current.emulator(); // a live reload: keep the sessions and faults the developer set up
        }
        stop();
        EmulatorOptions defaults = EmulatorOptions.defaults();
        LlamaCloudEmulator emulator = LlamaCloudEmulator.start(
                new EmulatorOptions(defaults.host(), port, defaults.apiKey(), defaults.demoCorpus()));
        running = new RunningEmulator(emulator, port);
        shutdown.addCloseTask(LlamaCloudDevServicesProcessor::stop, true);
        LOG.infof("Dev Services for LlamaCloud Chat started the emulator at %s (demo index: demo-index). Set %s to use "
                + "LlamaCloud.", emulator.baseUrl(), API_KEY);
        return emulator;
    }

    private static synchronized void stop() {
        RunningEmulator current = running;
        running = null;
        if (current != null) {
            current.emulator().close();
        }
    }
}
