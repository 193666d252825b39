package io.quarkiverse.llamacloud.chat.deployment.devui;

import java.util.List;
import java.util.Optional;

import io.quarkiverse.llamacloud.chat.runtime.devui.LlamaCloudChatJsonRpcService;
import io.quarkus.deployment.IsDevelopment;
import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.builditem.DevServicesResultBuildItem;
import io.quarkus.devui.spi.JsonRPCProvidersBuildItem;
import io.quarkus.devui.spi.buildtime.BuildTimeActionBuildItem;
import io.quarkus.devui.spi.page.CardPageBuildItem;
import io.quarkus.devui.spi.page.Page;

/**
 * The extension's Dev UI: a Chat playground and a Sessions browser on the application's {@code ChatSessions}
 * (through {@link LlamaCloudChatJsonRpcService}), and, when Dev Services run the emulator, an Emulator page whose
 * actions run here, next to the emulator, over its admin API.
 */
class LlamaCloudDevUIProcessor {

    /** The property Dev Services set to the emulator's URL; the API key they also set stays out of the Dev UI. */
    static final String BASE_URL = "quarkus.llamacloud.base-url";

    @BuildStep(onlyIf = IsDevelopment.class)
    CardPageBuildItem pages(List<DevServicesResultBuildItem> devServices) {
        CardPageBuildItem card = new CardPageBuildItem();
        card.addPage(Page.webComponentPageBuilder()
                .title("Chat")
                .icon("font-awesome-solid:comments")
                .componentLink("qwc-llamacloud-chat.js"));
        card.addPage(Page.webComponentPageBuilder()
                .title("Sessions")
                .icon("font-awesome-solid:list")
                .componentLink("qwc-llamacloud-sessions.js"));
        Optional<String> emulator = emulatorBaseUrl(devServices);
        emulator.ifPresent(baseUrl -> card.addPage(Page.webComponentPageBuilder()
                .title("Emulator")
                .icon("font-awesome-solid:flask")
                .componentLink("qwc-llamacloud-emulator.js")));
        card.addBuildTimeData("emulatorBaseUrl", emulator.orElse(""),
                "The URL of the LlamaCloud emulator that Dev Services started, empty when none runs");
        card.addBuildTimeData("defaultClient", LlamaCloudChatJsonRpcService.DEFAULT_CLIENT,
                "The name of the default LlamaCloud client");
        return card;
    }

    @BuildStep(onlyIf = IsDevelopment.class)
    JsonRPCProvidersBuildItem chatService() {
        return new JsonRPCProvidersBuildItem(LlamaCloudChatJsonRpcService.class);
    }

    @BuildStep(onlyIf = IsDevelopment.class)
    void emulatorActions(List<DevServicesResultBuildItem> devServices,
            BuildProducer<BuildTimeActionBuildItem> actions) {
        emulatorBaseUrl(devServices).ifPresent(baseUrl -> actions.produce(EmulatorActions.create(baseUrl)));
    }

    static Optional<String> emulatorBaseUrl(List<DevServicesResultBuildItem> devServices) {
        // Any client's base URL: the emulator may serve only named clients, "quarkus.llamacloud."eu".base-url".
        return devServices.stream()
                .filter(service -> service.getConfig() != null)
                .flatMap(service -> service.getConfig().entrySet().stream())
                .filter(entry -> entry.getKey().startsWith("quarkus.llamacloud.") && entry.getKey().endsWith(".base-url"))
                .map(java.util.Map.Entry::getValue)
                .filter(url -> url != null && !url.isBlank())
                .findFirst();
    }
}
