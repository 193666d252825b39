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

    private volatile boolean written;
    private volatile int status;
    private volatile long events;
    private final List<ChatEvent> firstEvents = new ArrayList<>();

    /** @return whether the whole request reached the connection: from then on the service may have the turn */
    public boolean written() {
        return written;
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

    void status(int status) {
        this.status = status;
    }

    /** @return whether this was the first event */
    synchronized boolean event(ChatEvent event) {
        if (firstEvents.size() < KEPT_EVENTS) {
            firstEvents.add(event);
        }
        return events++ == 0;
    }
}
