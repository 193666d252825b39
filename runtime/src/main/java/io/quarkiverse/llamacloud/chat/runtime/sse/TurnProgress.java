package io.quarkiverse.llamacloud.chat.runtime.sse;

import java.util.ArrayList;
import java.util.List;

import io.quarkiverse.llamacloud.chat.ChatEvent;

/**
 * How far one attempt to send a turn got: whether the request was written, which status came back, which events
 * arrived. The stream writes it on its connection's context; the turn-sending rule reads it once the attempt has
 * failed, to tell a turn the service cannot have taken from one it may have.
 */
public final class TurnProgress {

    /** How many of the first events are kept, to recognise the turn in the session's history. */
    static final int KEPT_EVENTS = 16;

    private final Runnable onStop;
    private final Runnable onCancelAfterWrite;
    private volatile boolean written;
    private volatile int status;
    private volatile long events;
    private final List<ChatEvent> firstEvents = new ArrayList<>(4);

    /**
     * Callbacks rather than operators on the stream: Quarkus wraps every Mutiny callback for context propagation, a
     * cost on each turn's path to its first event.
     *
     * @param onStop run on the connection's context when the turn's {@code stop} has arrived, before it is delivered;
     *        or {@code null}
     * @param onCancelAfterWrite run when the subscriber cancels a turn whose request was written, which the service
     *        may go on with; or {@code null}
     */
    public TurnProgress(Runnable onStop, Runnable onCancelAfterWrite) {
        this.onStop = onStop;
        this.onCancelAfterWrite = onCancelAfterWrite;
    }

    /** @return whether the whole request reached the connection: from then on the service may have the turn */
    public boolean written() {
        // A status or an event proves it even if the write's own completion has not been seen yet.
        return written || status != 0 || events > 0;
    }

    /** @return whether the service answered a success status or sent an event: it took the turn */
    public boolean answered() {
        return events > 0 || status >= 200 && status < 300;
    }

    /** @return the response's status, {@code 0} while none has arrived */
    public int status() {
        return status;
    }

    /** @return how many events arrived */
    public long events() {
        return events;
    }

    /** @return the first events that arrived, at most {@value #KEPT_EVENTS} */
    public synchronized List<ChatEvent> firstEvents() {
        return List.copyOf(firstEvents);
    }

    void markWritten() {
        written = true;
    }

    void cancelled() {
        if (onCancelAfterWrite != null && written()) {
            onCancelAfterWrite.run();
        }
    }

    void status(int status) {
        this.status = status;
    }

    /** Records an event; called only on the connection's context, so one writer. */
    void event(ChatEvent event) {
        long arrived = events;
        if (arrived < KEPT_EVENTS) {
            synchronized (this) {
                firstEvents.add(event);
            }
        }
        events = arrived + 1;
        if (onStop != null && event instanceof ChatEvent.Stop) {
            onStop.run();
        }
    }
}
