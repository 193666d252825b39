package io.quarkiverse.llamacloud.chat.runtime.json;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkiverse.llamacloud.chat.ChatEvent;

/**
 * Jackson entry point for {@link ChatEvent}: reads one JSON object and hands it to {@link ChatEvents}.
 */
public final class ChatEventDeserializer extends StdDeserializer<ChatEvent> {

    private static final long serialVersionUID = 1L;

    /** Creates the deserializer; Jackson instantiates it from {@link ChatEvent}'s annotation. */
    public ChatEventDeserializer() {
        super(ChatEvent.class);
    }

    @Override
    public ChatEvent deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        JsonNode node = ctxt.readTree(p);
        if (!(node instanceof ObjectNode object)) {
            return (ChatEvent) ctxt.handleUnexpectedToken(ChatEvent.class, p.currentToken(), p,
                    "a chat event must be a JSON object, got %s", node.getNodeType());
        }
        return ChatEvents.fromJson(object);
    }
}
