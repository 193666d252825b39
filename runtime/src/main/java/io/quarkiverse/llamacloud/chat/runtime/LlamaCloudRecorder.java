package io.quarkiverse.llamacloud.chat.runtime;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import java.util.function.Function;

import org.jboss.logging.Logger;

import io.quarkiverse.llamacloud.chat.BlockingChatSessions;
import io.quarkiverse.llamacloud.chat.ChatSessions;
import io.quarkiverse.llamacloud.chat.runtime.retry.Retries;
import io.quarkiverse.llamacloud.chat.runtime.retry.RetryPolicy;
import io.quarkiverse.llamacloud.chat.runtime.sse.TurnStreamClient;
import io.quarkiverse.llamacloud.chat.runtime.telemetry.ChatTelemetry;
import io.quarkus.arc.Arc;
import io.quarkus.arc.SyntheticCreationalContext;
import io.quarkus.runtime.RuntimeValue;
import io.quarkus.runtime.annotations.Recorder;
import io.quarkus.tls.TlsConfiguration;
import io.vertx.core.Vertx;

/**
 * Wires the beans at runtime: checks the configuration at startup and creates {@link ChatSessions} and
 * {@link BlockingChatSessions}.
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
     * Fails startup without an API key or with an unusable base URL, and warns when the key would travel in clear
     * text.
     */
    public void validateConfig() {
        LlamaCloudConfig current = config.getValue();
        ConnectionConfig.apiKey(current);
        URI baseUri = ChatApiClientFactory.baseUri(ConnectionConfig.baseUrl(current));
        if ("http".equalsIgnoreCase(baseUri.getScheme()) && !isLoopback(baseUri.getHost())) {
            LOG.warnf("quarkus.llamacloud.base-url is %s: the API key will be sent unencrypted over plain HTTP to a "
                    + "host that is not loopback. Use https://.", baseUri);
        }
    }

    /** @return creates the application's {@link ChatSessions} */
    public Function<SyntheticCreationalContext<ChatSessions>, ChatSessions> chatSessions() {
        return context -> {
            LlamaCloudConfig current = config.getValue();
            String apiKey = ConnectionConfig.apiKey(current);
            TlsConfiguration tls = current.tlsConfigurationName().map(ChatApiClientFactory::tls).orElse(null);
            TurnStreamClient streams = new TurnStreamClient(context.getInjectedReference(Vertx.class), current,
                    ChatApiClientFactory.baseUri(ConnectionConfig.baseUrl(current)), apiKey, tls);
            Retries retries = new Retries(new RetryPolicy(current.maxRetries(), current.initialBackoff(),
                    current.maxBackoff(), current.maxRetryAfter()), current.circuitBreaker());
            // Beans only where the application has Micrometer or OpenTelemetry: this class must never name their
            // implementations, or native images of applications without them fail to link.
            List<ChatTelemetry> telemetry = Arc.container().select(ChatTelemetry.class).stream().toList();
            return new DefaultChatSessions(ChatApiClientFactory.create(current, apiKey, tls), streams, retries,
                    ChatTelemetry.of(telemetry), current.stream().recoveryTimeout(), current.organizationId().orElse(null),
                    current.projectId().orElse(null));
        };
    }

    /** @return creates the application's {@link BlockingChatSessions} over its {@link ChatSessions} */
    public Function<SyntheticCreationalContext<BlockingChatSessions>, BlockingChatSessions> blockingChatSessions() {
        return context -> new DefaultBlockingChatSessions(context.getInjectedReference(ChatSessions.class));
    }

    private static boolean isLoopback(String host) {
        if (host.equalsIgnoreCase("localhost") || host.toLowerCase().endsWith(".localhost")) {
            return true;
        }
        String literal = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        // Only IP literals are checked: resolving a name here would block startup on DNS.
        if (!literal.contains(":") && !literal.matches("[0-9.]+")) {
            return false;
        }
        try {
            return InetAddress.getByName(literal).isLoopbackAddress();
        } catch (Exception e) {
            return false;
        }
    }
}
