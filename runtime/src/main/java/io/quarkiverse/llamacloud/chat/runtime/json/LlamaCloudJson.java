package io.quarkiverse.llamacloud.chat.runtime.json;

import java.time.Instant;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;

import io.quarkiverse.llamacloud.chat.ChatEvent;

/**
 * The one {@link ObjectMapper} that reads and writes LlamaCloud payloads.
 * <p>
 * It is deliberately not the application's mapper: a user's {@code quarkus.jackson.*} settings (naming strategies,
 * failing on unknown properties, inclusion rules) must not change what goes on the wire or break decoding.
 */
public final class LlamaCloudJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            // Here rather than as annotations on the public types, which must not name internal classes.
            .addModule(new SimpleModule("llamacloud-chat")
                    .addDeserializer(ChatEvent.class, new ChatEventDeserializer())
                    .addDeserializer(Instant.class, new LenientInstantDeserializer()))
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .build();

    private LlamaCloudJson() {
    }

    /** @return the shared, thread-safe mapper; never reconfigure it */
    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
