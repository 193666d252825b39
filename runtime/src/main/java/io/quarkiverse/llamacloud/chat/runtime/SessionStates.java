package io.quarkiverse.llamacloud.chat.runtime;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.quarkiverse.llamacloud.chat.ChatEvent;
import io.quarkiverse.llamacloud.chat.FullSession;
import io.quarkiverse.llamacloud.chat.SessionSummary;

/**
 * What this client knows of the sessions it has seen, bounded (least recently used first out): each session's
 * indexes, which a turn must name because the service requires {@code index_ids} on every turn, and, when known, how
 * many turns the session's history holds, which tells this client's turn apart from an earlier one with the same
 * prompt when recovering after an ambiguous failure.
 * <p>
 * Learned from what the calls return (create, get, summary, title, list) and from the turns this client sends; a
 * session nobody here has seen costs one summary request before its first turn.
 */
final class SessionStates {

    /** The most sessions remembered; a few hundred bytes each. */
    static final int MAX_SESSIONS = 10_000;

    /**
     * @param indexIds the session's indexes, empty when unbound
     * @param turns how many {@code user_input} events the session's history holds, or {@code null} when unknown
     */
    record State(List<String> indexIds, Integer turns) {
    }

    private record Key(String organizationId, String projectId, String sessionId) {
    }

    private final int capacity;
    private final Map<Key, State> states;

    SessionStates() {
        this(MAX_SESSIONS);
    }

    SessionStates(int capacity) {
        this.capacity = capacity;
        this.states = new LinkedHashMap<>(64, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, State> eldest) {
                return size() > SessionStates.this.capacity;
            }
        };
    }

    synchronized State get(String organizationId, String projectId, String sessionId) {
        return states.get(new Key(organizationId, projectId, sessionId));
    }

    /** A session this client has just created: no turn yet. */
    synchronized void created(String organizationId, String projectId, SessionSummary summary) {
        states.put(new Key(organizationId, projectId, summary.sessionId()), new State(summary.indexIds(), 0));
    }

    /** A summary seen in an answer: its indexes are current; the known number of turns stays. */
    synchronized void seen(String organizationId, String projectId, SessionSummary summary) {
        Key key = new Key(organizationId, projectId, summary.sessionId());
        State known = states.get(key);
        states.put(key, new State(summary.indexIds(), known == null ? null : known.turns()));
    }

    /** A whole session seen: its indexes and its number of turns are current. */
    synchronized void seen(String organizationId, String projectId, FullSession session) {
        int turns = (int) session.events().stream().filter(ChatEvent.UserInput.class::isInstance).count();
        states.put(new Key(organizationId, projectId, session.sessionId()), new State(session.indexIds(), turns));
    }

    /**
     * The service took a turn of this client's on these indexes: the index set is locked to them, and the history
     * holds at least one turn more than before it. Absolute rather than one more than now: a read of the whole
     * session while the turn ran (a recovery, the application's own {@code get}) may have counted it already.
     *
     * @param turnsBefore how many turns the history held before this one was sent, or {@code null} if unknown
     */
    synchronized void turnTaken(String organizationId, String projectId, String sessionId, List<String> indexIds,
            Integer turnsBefore) {
        Key key = new Key(organizationId, projectId, sessionId);
        State known = states.get(key);
        Integer now = known == null ? null : known.turns();
        // Unknown before means unknown after: a count read while the turn ran may or may not include it.
        Integer turns = turnsBefore == null ? null : now == null ? turnsBefore + 1 : Math.max(now, turnsBefore + 1);
        states.put(key, new State(indexIds, turns));
    }

    /** Whether the service took a turn is unknown: so is the number of turns in the history. */
    synchronized void turnsUnknown(String organizationId, String projectId, String sessionId) {
        Key key = new Key(organizationId, projectId, sessionId);
        State known = states.get(key);
        if (known != null && known.turns() != null) {
            states.put(key, new State(known.indexIds(), null));
        }
    }

    synchronized void deleted(String organizationId, String projectId, String sessionId) {
        states.remove(new Key(organizationId, projectId, sessionId));
    }

    synchronized int size() {
        return states.size();
    }

    @Override
    public String toString() {
        return "SessionStates[" + size() + " of " + capacity + "]";
    }

}
