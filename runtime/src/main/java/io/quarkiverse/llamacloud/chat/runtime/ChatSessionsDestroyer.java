package io.quarkiverse.llamacloud.chat.runtime;

import java.util.Map;

import jakarta.enterprise.context.spi.CreationalContext;

import io.quarkiverse.llamacloud.chat.ChatSessions;
import io.quarkus.arc.BeanDestroyer;

/**
 * Closes the REST client of the application's {@link ChatSessions} when the application stops.
 */
public final class ChatSessionsDestroyer implements BeanDestroyer<ChatSessions> {

    @Override
    public void destroy(ChatSessions instance, CreationalContext<ChatSessions> creationalContext,
            Map<String, Object> params) {
        if (instance instanceof DefaultChatSessions sessions) {
            sessions.close();
        }
    }
}
