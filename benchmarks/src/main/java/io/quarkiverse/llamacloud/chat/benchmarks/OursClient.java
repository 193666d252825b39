package io.quarkiverse.llamacloud.chat.benchmarks;

import io.quarkiverse.llamacloud.chat.ChatSessions;
import io.smallrye.mutiny.subscription.Cancellable;

/** The extension: {@link ChatSessions#stream(String, String)}, subscribed with unbounded demand. */
final class OursClient implements BenchClient {

    private final ChatSessions chat;

    OursClient(ChatSessions chat) {
        this.chat = chat;
    }

    @Override
    public String name() {
        return "ours";
    }

    @Override
    public Handle open(String sessionId, String prompt, Sink sink) {
        Cancellable subscription = chat.stream(sessionId, prompt).subscribe().with(sink::onEvent, sink::onError,
                sink::onEnd);
        return subscription::cancel;
    }
}
