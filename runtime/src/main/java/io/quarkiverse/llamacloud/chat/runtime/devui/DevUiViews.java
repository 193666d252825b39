package io.quarkiverse.llamacloud.chat.runtime.devui;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkiverse.llamacloud.chat.ChatEvent;
import io.quarkiverse.llamacloud.chat.FullSession;
import io.quarkiverse.llamacloud.chat.ImageAttachment;
import io.quarkiverse.llamacloud.chat.JobMetadata;
import io.quarkiverse.llamacloud.chat.LlamaCloudException;
import io.quarkiverse.llamacloud.chat.LlamaCloudHttpException;
import io.quarkiverse.llamacloud.chat.LlamaCloudTurnAcceptedException;
import io.quarkiverse.llamacloud.chat.SessionSummary;
import io.quarkiverse.llamacloud.chat.Usage;
import io.smallrye.mutiny.CompositeException;

/**
 * What the Dev UI pages receive: the public API's types as maps of JDK values, in the pages' camelCase.
 * <p>
 * Plain maps rather than the records themselves because the Dev UI serializes results with its own object mapper,
 * which knows neither {@code Instant} nor the API's {@code @JsonProperty} names the pages would then have to
 * undo.
 */
final class DevUiViews {

    /** Only converts JSON trees to maps and lists; never serializes anything. */
    private static final ObjectMapper TREES = new ObjectMapper();

    /** The configuration names that may hold the API key, whose value is kept out of any error message. */
    private static final List<String> KEY_PROPERTIES = List.of("quarkus.llamacloud.api-key", "LLAMA_CLOUD_API_KEY");

    private DevUiViews() {
    }

    /**
     * @param namesAndValues a name, its value, the next name, and so on; values may be {@code null}
     * @return them as a map in that order
     */
    static Map<String, Object> view(Object... namesAndValues) {
        Map<String, Object> view = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            view.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return view;
    }

    static Map<String, Object> summary(SessionSummary summary) {
        return view("sessionId", summary.sessionId(), "title", summary.generatedTitle(), "indexIds", summary.indexIds(),
                "lastUpdatedAt", summary.lastUpdatedAt() == null ? null : summary.lastUpdatedAt().toString(),
                "lastRun", lastRun(summary.jobMetadata()));
    }

    static Map<String, Object> session(FullSession session) {
        Map<String, Object> view = summary(session.summary());
        List<Map<String, Object>> events = new ArrayList<>();
        for (ChatEvent event : session.events()) {
            events.add(event(event));
        }
        view.put("events", events);
        return view;
    }

    private static Map<String, Object> lastRun(JobMetadata metadata) {
        return metadata == null ? null
                : view("durationMs", metadata.durationMs(), "inputTokens", metadata.totalInputTokens(), "outputTokens",
                        metadata.totalOutputTokens(), "turns", metadata.turns(), "isError", metadata.isError(),
                        "error", metadata.error());
    }

    static Map<String, Object> event(ChatEvent event) {
        Map<String, Object> view = view("type", event.type());
        if (event instanceof ChatEvent.ThinkingDelta delta) {
            view.put("content", delta.content());
        } else if (event instanceof ChatEvent.Thinking thinking) {
            view.put("content", thinking.content());
        } else if (event instanceof ChatEvent.TextDelta delta) {
            view.put("content", delta.content());
        } else if (event instanceof ChatEvent.Text text) {
            view.put("content", text.content());
        } else if (event instanceof ChatEvent.UserInput input) {
            view.put("content", input.content());
        } else if (event instanceof ChatEvent.ToolCall call) {
            view.putAll(view("callId", call.callId(), "name", call.name(), "arguments",
                    TREES.convertValue(call.arguments(), Object.class)));
        } else if (event instanceof ChatEvent.ToolResult result) {
            view.putAll(view("callId", result.callId(), "name", result.name(), "result",
                    TREES.convertValue(result.result(), Object.class), "imageAttachment",
                    attachment(result.imageAttachment())));
        } else if (event instanceof ChatEvent.Stop stop) {
            view.putAll(view("isError", stop.isError(), "error", stop.error(), "usage", usage(stop.usage()),
                    "skippedIndexIds", stop.skippedIndexIds()));
        } else if (event instanceof ChatEvent.Unknown unknown) {
            view.put("raw", TREES.convertValue(unknown.raw(), Object.class));
        }
        return view;
    }

    private static Map<String, Object> attachment(ImageAttachment attachment) {
        return attachment == null ? null
                : view("attachmentName", attachment.attachmentName(), "sourceId", attachment.sourceId());
    }

    private static Map<String, Object> usage(Usage usage) {
        return view("durationMs", usage.durationMs(), "inputTokens", usage.totalInputTokens(), "outputTokens",
                usage.totalOutputTokens(), "turns", usage.turns());
    }

    /**
     * @param failure what a call failed with
     * @return the exception's simple type name, the HTTP status and request id when the service answered, the
     *         message, and how many attempts were made
     */
    static Map<String, Object> error(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        Map<String, Object> view = view("type", cause.getClass().getSimpleName());
        // A Mutiny CompositeException (a failure while handling a failure) keeps its type on the page, so that it is
        // not mistaken for the service's answer, but still shows that answer's status and request id.
        Throwable answer = cause instanceof CompositeException composite ? first(composite.getCauses()) : cause;
        LlamaCloudHttpException http = answer instanceof LlamaCloudHttpException answered ? answered : null;
        view.put("status", http == null ? null : http.status());
        view.put("requestId", http == null ? null : http.requestId());
        view.put("message", redact(String.valueOf(cause.getMessage())));
        view.put("attempts", answer instanceof LlamaCloudException llamaCloud ? llamaCloud.attempts() : 1);
        // A turn the service accepted: what broke its stream, and where it stood.
        if (cause instanceof LlamaCloudTurnAcceptedException accepted) {
            view.put("cause", accepted.getCause() == null ? null : accepted.getCause().getClass().getSimpleName());
            view.put("eventsDelivered", accepted.eventsDelivered());
        }
        return view;
    }

    private static Throwable first(List<Throwable> causes) {
        return causes.stream().filter(LlamaCloudException.class::isInstance).findFirst()
                .orElse(causes.isEmpty() ? null : causes.get(0));
    }

    /**
     * A key that ended up in a message (a proxy echoing headers, say) must still not reach the browser: the default
     * client's, the SDKs' variable, and every named client's ({@code quarkus.llamacloud."eu".api-key}).
     */
    static String redact(String message) {
        String redacted = message;
        Config config = ConfigProvider.getConfig();
        List<String> properties = new ArrayList<>(KEY_PROPERTIES);
        for (String name : config.getPropertyNames()) {
            if (name.startsWith("quarkus.llamacloud.") && name.endsWith(".api-key")) {
                properties.add(name);
            }
        }
        for (String property : properties) {
            String key = config.getOptionalValue(property, String.class).map(String::trim).orElse("");
            if (!key.isEmpty()) {
                redacted = redacted.replace(key, "***");
            }
        }
        return redacted;
    }
}
