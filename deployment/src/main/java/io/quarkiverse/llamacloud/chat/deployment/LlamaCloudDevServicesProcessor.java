package io.quarkiverse.llamacloud.chat.deployment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import io.quarkiverse.llamacloud.chat.LlamaCloudClient;
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

    /** Any of these configured means the user chose a LlamaCloud for the default client. */
    static final List<String> USER_SETTINGS = List.of(BASE_URL, API_KEY, "LLAMA_CLOUD_BASE_URL", "LLAMA_CLOUD_API_KEY");

    /**
     * The emulator of this dev-mode session or test run, kept across live reloads (this class outlives the
     * application's class loader); {@code null} when none runs.
     */
    private static volatile RunningEmulator running;

    /** The emulator and the port it was asked for, so a changed port starts a new one. */
    private record RunningEmulator(LlamaCloudEmulator emulator, int requestedPort) {
    }

    /**
     * One emulator for every client that has neither a base URL nor a key configured. The default client keeps the
     * emulator's default project; each named client gets a project of its own name (unless it sets
     * {@code project-id}), so their sessions stay apart as they would in separate LlamaCloud projects.
     */
    @BuildStep(onlyIfNot = IsNormal.class, onlyIf = DevServicesConfig.Enabled.class)
    DevServicesResultBuildItem emulator(LlamaCloudBuildTimeConfig config, CuratedApplicationShutdownBuildItem shutdown) {
        if (!config.devservices().enabled()) {
            stop();
            return null;
        }
        Config appConfig = ConfigProvider.getConfig();
        List<String> clients = new ArrayList<>();
        if (USER_SETTINGS.stream().noneMatch(setting -> isSet(appConfig, setting))) {
            clients.add(LlamaCloudClient.DEFAULT);
        } else {
            LOG.debugf("The default LlamaCloud client is configured: it does not use the emulator");
        }
        for (String name : ClientNames.configured(appConfig)) {
            if (!isSet(appConfig, property(name, "base-url")) && !isSet(appConfig, property(name, "api-key"))) {
                clients.add(name);
            }
        }
        if (clients.isEmpty()) {
            stop();
            return null;
        }
        int port = config.devservices().port().orElse(0);
        LlamaCloudEmulator emulator = start(port, shutdown);
        Map<String, String> settings = new LinkedHashMap<>();
        List<String> described = new ArrayList<>();
        for (String name : clients) {
            settings.put(property(name, "base-url"), emulator.baseUrl());
            settings.put(property(name, "api-key"), emulator.apiKey());
            boolean isDefault = LlamaCloudClient.DEFAULT.equals(name);
            if (!isDefault && !isSet(appConfig, property(name, "project-id"))) {
                settings.put(property(name, "project-id"), name);
            }
            described.add(isDefault ? "the default client"
                    : "\"" + name + "\"");
        }
        LOG.infof("Dev Services for LlamaCloud Chat: the emulator at %s (demo index: demo-index) serves %s. Set a "
                + "client's api-key to use LlamaCloud.", emulator.baseUrl(), String.join(", ", described));
        return DevServicesResultBuildItem.discovered()
                .feature(LlamaCloudChatProcessor.FEATURE)
                .description("LlamaCloud Chat emulator at " + emulator.baseUrl() + " for " + String.join(", ", described))
                .config(settings)
                .build();
    }

    private static String property(String client, String key) {
        return LlamaCloudClient.DEFAULT.equals(client) ? "quarkus.llamacloud." + key
                : "quarkus.llamacloud.\"" + client + "\"." + key;
    }

    /** Whether a property is set, under either spelling of a named client's: {@code "eu".api-key} or {@code eu.api-key}. */
    private static boolean isSet(Config config, String property) {
        String plain = property.replaceFirst("^quarkus\\.llamacloud\\.\"([^\".]+)\"\\.", "quarkus.llamacloud.$1.");
        return config.getOptionalValue(property, String.class).filter(v -> !v.isBlank()).isPresent()
                || config.getOptionalValue(plain, String.class).filter(v -> !v.isBlank()).isPresent();
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
        LOG.debugf("Started the LlamaCloud Chat emulator at %s", emulator.baseUrl());
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
