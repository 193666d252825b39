package io.quarkiverse.llamacloud.chat.deployment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.ClassInfo;
import org.jboss.jandex.ClassType;
import org.jboss.jandex.DotName;
import org.jboss.jandex.IndexView;

import io.quarkiverse.llamacloud.chat.BlockingChatSessions;
import io.quarkiverse.llamacloud.chat.ChatEvent;
import io.quarkiverse.llamacloud.chat.ChatSessions;
import io.quarkiverse.llamacloud.chat.LlamaCloudClient;
import io.quarkiverse.llamacloud.chat.LlamaCloudRequestCustomizer;
import io.quarkiverse.llamacloud.chat.runtime.ChatSessionsDestroyer;
import io.quarkiverse.llamacloud.chat.runtime.LlamaCloudBuildTimeConfig;
import io.quarkiverse.llamacloud.chat.runtime.LlamaCloudRecorder;
import io.quarkiverse.llamacloud.chat.runtime.http.CreateSessionRequest;
import io.quarkiverse.llamacloud.chat.runtime.http.GenerateTitleRequest;
import io.quarkiverse.llamacloud.chat.runtime.http.StreamTurnRequest;
import io.quarkiverse.llamacloud.chat.runtime.json.ChatEventDeserializer;
import io.quarkiverse.llamacloud.chat.runtime.json.LenientInstantDeserializer;
import io.quarkus.arc.deployment.AdditionalBeanBuildItem;
import io.quarkus.arc.deployment.BeanContainerBuildItem;
import io.quarkus.arc.deployment.SyntheticBeanBuildItem;
import io.quarkus.arc.deployment.UnremovableBeanBuildItem;
import io.quarkus.arc.processor.BuiltinScope;
import io.quarkus.arc.processor.DotNames;
import io.quarkus.builder.item.SimpleBuildItem;
import io.quarkus.deployment.Capabilities;
import io.quarkus.deployment.Capability;
import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.annotations.ExecutionTime;
import io.quarkus.deployment.annotations.Record;
import io.quarkus.deployment.builditem.CombinedIndexBuildItem;
import io.quarkus.deployment.builditem.FeatureBuildItem;
import io.quarkus.deployment.builditem.nativeimage.ReflectiveClassBuildItem;
import io.quarkus.deployment.metrics.MetricsCapabilityBuildItem;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.quarkus.runtime.metrics.MetricsFactory;
import io.quarkus.smallrye.health.deployment.spi.HealthBuildItem;
import io.vertx.core.Vertx;

/**
 * Build steps of the extension: the feature, the beans, and the classes Jackson reaches by reflection.
 */
class LlamaCloudChatProcessor {

    static final String FEATURE = "llamacloud-chat";

    /** The package whose records and events are LlamaCloud payloads. */
    static final String API_PACKAGE = ChatSessions.class.getPackageName();

    static final String MICROMETER_TELEMETRY = "io.quarkiverse.llamacloud.chat.runtime.telemetry.MicrometerChatTelemetry";
    static final String OPENTELEMETRY_TELEMETRY = "io.quarkiverse.llamacloud.chat.runtime.telemetry.OpenTelemetryChatTelemetry";
    static final String READINESS_CHECK = "io.quarkiverse.llamacloud.chat.runtime.health.LlamaCloudReadinessCheck";

    private static final DotName CHAT_EVENT = DotName.createSimple(ChatEvent.class);
    static final DotName LLAMACLOUD_CLIENT = DotName.createSimple(LlamaCloudClient.class);

    /** Internal classes Jackson instantiates or serializes by reflection. */
    static final List<Class<?>> INTERNAL_REFLECTIVE = List.of(
            ChatEventDeserializer.class,
            LenientInstantDeserializer.class,
            CreateSessionRequest.class,
            GenerateTitleRequest.class,
            StreamTurnRequest.class);

    @BuildStep
    FeatureBuildItem feature() {
        return new FeatureBuildItem(FEATURE);
    }

    /** The clients of the application: the default one, then the named ones the configuration declares. */
    static final class ClientsBuildItem extends SimpleBuildItem {
        final List<String> names;

        ClientsBuildItem(List<String> names) {
            this.names = names;
        }
    }

    /**
     * Finds the clients, and fails the build when code names a client the configuration does not declare: an
     * injection point or a request hook with {@code @LlamaCloudClient("name")}.
     */
    @BuildStep
    ClientsBuildItem clients(CombinedIndexBuildItem combinedIndex) {
        Set<String> configured = ClientNames.configured(ConfigProvider.getConfig());
        List<String> names = new ArrayList<>();
        names.add(LlamaCloudClient.DEFAULT);
        names.addAll(configured);
        IndexView index = combinedIndex.getIndex();
        Map<String, String> unknown = new TreeMap<>();
        for (AnnotationInstance usage : index.getAnnotations(LLAMACLOUD_CLIENT)) {
            String name = usage.value().asString();
            if (!names.contains(name)) {
                unknown.putIfAbsent(name, usage.target().toString());
            }
        }
        if (!unknown.isEmpty()) {
            throw new ConfigurationException("@LlamaCloudClient names a client that is not configured: " + unknown
                    .entrySet().stream().map(e -> "\"" + e.getKey() + "\" (at " + e.getValue() + ")").toList()
                    + ". Configured clients: " + (configured.isEmpty() ? "none besides the default one"
                            : configured.stream().map(n -> "\"" + n + "\"").toList())
                    + ". Declare one with at least one property, such as quarkus.llamacloud.\"" + unknown.keySet()
                            .iterator().next()
                    + "\".api-key.");
        }
        return new ClientsBuildItem(List.copyOf(names));
    }

    /** After the container exists: a request hook that authenticates a client spares it its key. */
    @BuildStep
    @Record(ExecutionTime.RUNTIME_INIT)
    void validateConfig(LlamaCloudRecorder recorder, ClientsBuildItem clients, BeanContainerBuildItem container) {
        recorder.validateConfig(clients.names);
    }

    @BuildStep
    UnremovableBeanBuildItem requestHooks() {
        // Looked up at runtime, per client.
        return UnremovableBeanBuildItem.beanTypes(LlamaCloudRequestCustomizer.class);
    }

    @BuildStep
    HealthBuildItem readinessCheck(LlamaCloudBuildTimeConfig config) {
        // By name: the check implements SmallRye Health's API, which this class loader has only when the app does.
        return new HealthBuildItem(READINESS_CHECK, config.health().enabled());
    }

    /**
     * A {@link ChatSessions} and a {@link BlockingChatSessions} per client, qualified with
     * {@code @LlamaCloudClient(name)}; the default client's are also the {@code @Default} ones.
     */
    @BuildStep
    @Record(ExecutionTime.RUNTIME_INIT)
    void beans(LlamaCloudRecorder recorder, ClientsBuildItem clients, BuildProducer<SyntheticBeanBuildItem> beans) {
        for (String name : clients.names) {
            AnnotationInstance qualifier = AnnotationInstance.builder(LLAMACLOUD_CLIENT).value(name).build();
            boolean isDefault = LlamaCloudClient.DEFAULT.equals(name);
            SyntheticBeanBuildItem.ExtendedBeanConfigurator reactive = SyntheticBeanBuildItem
                    .configure(ChatSessions.class)
                    .scope(ApplicationScoped.class)
                    .unremovable()
                    .setRuntimeInit()
                    .addQualifier(qualifier)
                    .addInjectionPoint(ClassType.create(DotName.createSimple(Vertx.class)))
                    .createWith(recorder.chatSessions(name))
                    .destroyer(ChatSessionsDestroyer.class);
            SyntheticBeanBuildItem.ExtendedBeanConfigurator blocking = SyntheticBeanBuildItem
                    .configure(BlockingChatSessions.class)
                    .scope(ApplicationScoped.class)
                    .unremovable()
                    .setRuntimeInit()
                    .addQualifier(qualifier)
                    .addInjectionPoint(ClassType.create(DotName.createSimple(ChatSessions.class)), qualifier)
                    .createWith(recorder.blockingChatSessions(name));
            if (isDefault) {
                reactive.addQualifier().annotation(DotNames.DEFAULT).done();
                blocking.addQualifier().annotation(DotNames.DEFAULT).done();
            }
            beans.produce(reactive.done());
            beans.produce(blocking.done());
        }
    }

    /**
     * Metrics and tracing beans, only for what the application has; named, not referenced, so that neither this
     * class nor the recorder links Micrometer or OpenTelemetry types.
     */
    @BuildStep
    void telemetry(Capabilities capabilities, Optional<MetricsCapabilityBuildItem> metricsCapability,
            BuildProducer<AdditionalBeanBuildItem> beans) {
        if (metricsCapability.map(m -> m.metricsSupported(MetricsFactory.MICROMETER)).orElse(false)) {
            beans.produce(telemetryBean(MICROMETER_TELEMETRY));
        }
        if (capabilities.isPresent(Capability.OPENTELEMETRY_TRACER)) {
            beans.produce(telemetryBean(OPENTELEMETRY_TELEMETRY));
        }
    }

    private static AdditionalBeanBuildItem telemetryBean(String className) {
        return AdditionalBeanBuildItem.builder().addBeanClasses(className).setUnremovable()
                .setDefaultScope(BuiltinScope.SINGLETON.getName()).build();
    }

    @BuildStep
    ReflectiveClassBuildItem registerForReflection(CombinedIndexBuildItem combinedIndex) {
        List<String> names = new ArrayList<>();
        for (ClassInfo type : modelTypes(combinedIndex.getIndex())) {
            names.add(type.name().toString());
        }
        INTERNAL_REFLECTIVE.forEach(type -> names.add(type.getName()));
        return ReflectiveClassBuildItem.builder(names.toArray(String[]::new))
                .constructors().methods().fields()
                .reason(getClass().getName())
                .build();
    }

    /**
     * The payload types of the public API: every record in the API package, nested ones (the events) included.
     *
     * @param index the application's index
     * @return the records Jackson reads or writes
     */
    static List<ClassInfo> modelTypes(IndexView index) {
        List<ClassInfo> result = new ArrayList<>();
        for (ClassInfo type : index.getKnownClasses()) {
            String name = type.name().toString();
            boolean inApiPackage = name.lastIndexOf('.') == API_PACKAGE.length() && name.startsWith(API_PACKAGE);
            if (inApiPackage && (type.isRecord() || type.name().equals(CHAT_EVENT))) {
                result.add(type);
            }
        }
        return result;
    }
}
