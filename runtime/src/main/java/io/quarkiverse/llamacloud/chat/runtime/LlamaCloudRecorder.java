package io.quarkiverse.llamacloud.chat.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import jakarta.enterprise.inject.Any;

import org.jboss.logging.Logger;

import io.quarkiverse.llamacloud.chat.BlockingChatSessions;
import io.quarkiverse.llamacloud.chat.ChatSessions;
import io.quarkiverse.llamacloud.chat.LlamaCloudClient;
import io.quarkiverse.llamacloud.chat.LlamaCloudRequestCustomizer;
import io.quarkiverse.llamacloud.chat.runtime.http.RequestHooks;
import io.quarkiverse.llamacloud.chat.runtime.retry.Retries;
import io.quarkiverse.llamacloud.chat.runtime.retry.RetryPolicy;
import io.quarkiverse.llamacloud.chat.runtime.sse.TurnStreamClient;
import io.quarkiverse.llamacloud.chat.runtime.telemetry.ChatTelemetry;
import io.quarkus.arc.Arc;
import io.quarkus.arc.InstanceHandle;
import io.quarkus.arc.SyntheticCreationalContext;
import io.quarkus.runtime.RuntimeValue;
import io.quarkus.runtime.annotations.Recorder;
import io.quarkus.tls.TlsConfigurationRegistry;
import io.vertx.core.Vertx;

/**
 * Wires the beans at runtime: checks every client's configuration at startup and creates each client's
 * {@link ChatSessions} and {@link BlockingChatSessions}.
 */
@Recorder
public class LlamaCloudRecorder {

    private static final Logger LOG = Logger.getLogger(LlamaCloudRecorder.class);

    private final RuntimeValue<LlamaCloudConfig> config;

    /**
     * @param config the runtime configuration
     */
    public LlamaCloudRecorder(RuntimeValue<LlamaCloudConfig> config) {
        this.config = config;
    }

    /**
     * Fails startup when a client has no API key (and no request hook that authenticates it), an unusable base URL or
     * proxy, and warns when a key would travel in clear text. Runs once the beans exist, to ask the hooks.
     *
     * @param clients the clients' names
     */
    public void validateConfig(List<String> clients) {
        for (String name : clients) {
            ClientSettings settings = ClientSettings.check(name, config.getValue().client(name),
                    hooks(name).authenticates());
            if (settings.plainTextToAnotherHost()) {
                LOG.warnf("%s is %s: the API key will be sent unencrypted over plain HTTP to a host that is not "
                        + "loopback. Use https://.", ClientSettings.property(name, "base-url"), settings.baseUri());
            }
        }
    }

    /**
     * @param name the client's name
     * @return creates that client's {@link ChatSessions}
     */
    public Function<SyntheticCreationalContext<ChatSessions>, ChatSessions> chatSessions(String name) {
        return context -> {
            LlamaCloudConfig.ClientConfig client = config.getValue().client(name);
            TlsConfigurationRegistry tls = Arc.container().select(TlsConfigurationRegistry.class).orNull();
            ClientSettings settings = ClientSettings.of(name, client, hooks(name), tls, true);
            TurnStreamClient streams = new TurnStreamClient(context.getInjectedReference(Vertx.class), settings);
            Retries retries = new Retries(new RetryPolicy(client.maxRetries(), client.initialBackoff(),
                    client.maxBackoff(), client.maxRetryAfter()), client.circuitBreaker());
            // Beans only where the application has Micrometer or OpenTelemetry: this class must never name their
            // implementations, or native images of applications without them fail to link.
            List<ChatTelemetry> telemetry = Arc.container().select(ChatTelemetry.class).stream().toList();
            return new DefaultChatSessions(settings.label(), ChatApiClientFactory.create(settings), streams, retries,
                    ChatTelemetry.of(telemetry), client.stream().recoveryTimeout(),
                    client.organizationId().orElse(null), client.projectId().orElse(null));
        };
    }

    /**
     * @param name the client's name
     * @return creates that client's {@link BlockingChatSessions} over its {@link ChatSessions}
     */
    public Function<SyntheticCreationalContext<BlockingChatSessions>, BlockingChatSessions> blockingChatSessions(
            String name) {
        return context -> new DefaultBlockingChatSessions(
                context.getInjectedReference(ChatSessions.class, LlamaCloudClient.Literal.of(name)));
    }

    /** The hooks for every client first, then the client's own. */
    private static RequestHooks hooks(String name) {
        List<LlamaCloudRequestCustomizer> everyClient = new ArrayList<>();
        List<LlamaCloudRequestCustomizer> thisClient = new ArrayList<>();
        for (InstanceHandle<LlamaCloudRequestCustomizer> handle : Arc.container()
                .listAll(LlamaCloudRequestCustomizer.class, Any.Literal.INSTANCE)) {
            String scope = handle.getBean().getQualifiers().stream()
                    .filter(LlamaCloudClient.class::isInstance).map(q -> ((LlamaCloudClient) q).value())
                    .findFirst().orElse(null);
            if (scope == null) {
                everyClient.add(handle.get());
            } else if (scope.equals(name)) {
                thisClient.add(handle.get());
            }
        }
        everyClient.addAll(thisClient);
        return new RequestHooks(name, everyClient);
    }
}
