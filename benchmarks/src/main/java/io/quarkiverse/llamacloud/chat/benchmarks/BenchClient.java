package io.quarkiverse.llamacloud.chat.benchmarks;

import io.quarkiverse.llamacloud.chat.ChatEvent;

/** One of the three clients under test: opens a turn's event stream and hands its events to a sink. */
interface BenchClient extends AutoCloseable {

    /** Receives one stream's events. Calls for one stream never overlap; they may come from different threads. */
    interface Sink {
        void onEvent(ChatEvent event);

        /** The stream failed; nothing follows. */
        void onError(Throwable failure);

        /** The stream ended normally (after its {@code stop}); nothing follows. */
        void onEnd();
    }

    /** An open stream. */
    interface Handle {
        /** Closes the stream (and its connection) now. */
        void cancel();
    }

    /** @return {@code ours}, {@code raw} or {@code peer} */
    String name();

    /**
     * Sends {@code prompt} to the session and streams the turn into {@code sink}.
     *
     * @return the stream, to cancel it
     */
    Handle open(String sessionId, String prompt, Sink sink);

    @Override
    default void close() {
    }
}
