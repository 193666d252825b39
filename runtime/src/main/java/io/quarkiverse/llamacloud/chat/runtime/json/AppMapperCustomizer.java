package io.quarkiverse.llamacloud.chat.runtime.json;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;

import io.quarkiverse.llamacloud.chat.ChatEvent;
import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * Teaches the application's own {@link ObjectMapper} to read {@link ChatEvent}s (an interface, whose records the
 * {@code type} field selects), as the extension's mapper does: for an endpoint that takes events, a cache, a test
 * reading a relayed turn. Only that: the application's other settings, Instants included, stay its own.
 */
@Singleton
public class AppMapperCustomizer implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.registerModule(new SimpleModule("llamacloud-chat-events").addDeserializer(ChatEvent.class,
                new ChatEventDeserializer()));
    }
}
