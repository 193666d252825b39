package io.quarkiverse.llamacloud.chat.emulator;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;

/**
 * A custom answer to a turn, asked before the agent's: a test or a benchmark writes the response itself, for
 * instance to stream synthetic events faster than the agent would. Set with
 * {@link LlamaCloudEmulator#respondWith(TurnResponder)}.
 * <p>
 * It is asked only for a turn that passed the request faults ({@code failNext}, {@code resetConnectionNext}, and
 * chaos drawn before the status), authentication, validation and the session lookup. Neither {@code latency} nor any
 * stream fault applies to a turn it answers, and nothing is recorded in the session's history. It runs on the
 * emulator's event loop and must not block; if it throws, the turn is answered {@code 500}.
 */
@FunctionalInterface
public interface TurnResponder {

    /**
     * @param turn the turn, with the response to write
     * @return whether this responder answered the turn; {@code false} lets the agent answer it
     */
    boolean respond(Turn turn);

    /**
     * A turn offered to a responder.
     *
     * @param sessionId the session the turn is for
     * @param prompt the turn's prompt
     * @param vertx the emulator's Vert.x, for timers
     * @param response the response to write: status, headers, body, end
     * @param receivedNanos {@link System#nanoTime()} when the request arrived
     * @param streams where a responder that streams reports its stream's opening and end, so that the emulator's
     *        {@link EmulatorStats#openStreams()} and {@link EmulatorStats#streamsStarted()} count it
     */
    record Turn(String sessionId, String prompt, Vertx vertx, HttpServerResponse response, long receivedNanos,
            StreamCount streams) {
    }

    /** The emulator's count of open streams, for a responder that streams. */
    interface StreamCount {

        /** Counts a stream as started and open. */
        void opened();

        /** Counts a stream opened with {@link #opened()} as closed; call it once. */
        void closed();
    }
}
