package io.quarkiverse.llamacloud.chat.emulator;

import java.security.SecureRandom;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Sessions, per project. */
final class ChatStore {

    /** The project of requests without {@code project_id}. */
    static final String DEFAULT_PROJECT = "";

    private static final String ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    /**
     * Per store, not static: a static {@code SecureRandom} is created when the class is initialised, which a native
     * build does at build time (the embedded emulator of an application), and SubstrateVM refuses a seeded random in
     * the image heap. A store is only ever created when an emulator starts, so at run time.
     */
    private final SecureRandom random = new SecureRandom();

    private final Map<String, Map<String, Session>> projects = new HashMap<>();
    private final AtomicLong sequence = new AtomicLong();

    /** A page of sessions, newest first. */
    record Page(List<Session> sessions, Long nextAfter) {
    }

    synchronized Session create(String project, List<String> indexIds) {
        String id;
        Map<String, Session> sessions = projects.computeIfAbsent(project, p -> new LinkedHashMap<>());
        do {
            id = newId();
        } while (sessions.containsKey(id));
        Session session = new Session(id, sequence.incrementAndGet(), indexIds);
        sessions.put(id, session);
        return session;
    }

    synchronized Session find(String project, String id) {
        Map<String, Session> sessions = projects.get(project);
        return sessions == null ? null : sessions.get(id);
    }

    synchronized boolean delete(String project, String id) {
        Map<String, Session> sessions = projects.get(project);
        return sessions != null && sessions.remove(id) != null;
    }

    /**
     * @param afterSequence only sessions created before the one with this sequence number, or {@code null}
     * @return up to {@code size} sessions, newest first, and the cursor of the next page if there is one
     */
    synchronized Page list(String project, int size, Long afterSequence) {
        Map<String, Session> sessions = projects.getOrDefault(project, Map.of());
        List<Session> candidates = sessions.values().stream()
                .filter(s -> afterSequence == null || s.sequence < afterSequence)
                .sorted(Comparator.comparingLong((Session s) -> s.sequence).reversed())
                .limit(size + 1L)
                .collect(Collectors.toCollection(ArrayList::new));
        if (candidates.size() > size) {
            List<Session> page = new ArrayList<>(candidates.subList(0, size));
            return new Page(page, page.get(size - 1).sequence);
        }
        return new Page(candidates, null);
    }

    synchronized void clear() {
        projects.clear();
    }

    private String newId() {
        StringBuilder id = new StringBuilder("ses-");
        for (int i = 0; i < 20; i++) {
            id.append(ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length())));
        }
        return id.toString();
    }

    /**
     * Makes a title from a first message as the service does (the API reference's example titles "What were the main
     * findings in Q3?" as "What were the main findings in Q3?..."): whitespace collapsed, cut at 40 characters, then
     * "...".
     */
    static String title(String firstMessage) {
        String title = firstMessage.strip().replaceAll("\\s+", " ");
        if (title.codePointCount(0, title.length()) > 40) {
            title = title.substring(0, title.offsetByCodePoints(0, 40)).stripTrailing();
        }
        return title + "...";
    }

    /** One session; every method is synchronized on it. */
    static final class Session {
        final String id;
        final long sequence;
        private List<String> indexIds;
        private boolean locked;
        private String title;
        private ObjectNode jobMetadata;
        private LocalDateTime updatedAt;
        private final List<ObjectNode> events = new ArrayList<>();
        private int calls;

        Session(String id, long sequence, List<String> indexIds) {
            this.id = id;
            this.sequence = sequence;
            this.indexIds = indexIds == null ? null : List.copyOf(indexIds);
            this.updatedAt = Json.now();
        }

        synchronized List<String> indexIds() {
            return indexIds;
        }

        synchronized boolean locked() {
            return locked;
        }

        synchronized void setTitle(String firstMessage) {
            title = title(firstMessage);
            updatedAt = Json.now();
        }

        /**
         * Starts a turn: binds the indexes if not locked yet, locks them, sets the title if none yet, records the
         * user's input.
         *
         * @param requested the request's index ids, or {@code null} to use the session's
         * @return the turn's index ids (empty when unbound), or {@code null} if they differ from the locked set
         */
        synchronized List<String> beginTurn(String prompt, List<String> requested) {
            if (locked) {
                List<String> bound = indexIds == null ? List.of() : indexIds;
                if (requested != null && !new java.util.HashSet<>(requested).equals(new java.util.HashSet<>(bound))) {
                    return null;
                }
            } else if (requested != null) {
                indexIds = requested.isEmpty() ? null : List.copyOf(requested);
            }
            locked = true;
            if (title == null) {
                title = title(prompt);
            }
            ObjectNode input = Json.object();
            input.put("type", "user_input");
            input.put("content", prompt);
            events.add(input);
            updatedAt = Json.now();
            return indexIds == null ? List.of() : indexIds;
        }

        synchronized int nextCallNumber() {
            return ++calls;
        }

        /** Records an event of the running turn; a {@code stop} also sets the job metadata. */
        synchronized void record(ObjectNode event) {
            events.add(event.deepCopy());
            if ("stop".equals(event.path("type").asText())) {
                JsonNode usage = event.path("usage");
                ObjectNode metadata = Json.object();
                metadata.put("duration_ms", usage.path("duration_ms").asDouble(0));
                JsonNode error = event.get("error");
                if (error == null || error.isNull()) {
                    metadata.putNull("error");
                } else {
                    metadata.put("error", error.isTextual() ? error.asText() : error.toString());
                }
                metadata.putArray("export_config_ids");
                metadata.put("is_error", event.path("is_error").asBoolean(false));
                metadata.put("total_input_tokens", usage.path("total_input_tokens").asLong(0));
                metadata.put("total_output_tokens", usage.path("total_output_tokens").asLong(0));
                metadata.put("turns", usage.path("turns").asLong(0));
                jobMetadata = metadata;
            }
            updatedAt = Json.now();
        }

        /** @return the summary, as the service returns it */
        synchronized ObjectNode summaryJson() {
            ObjectNode json = Json.object();
            putSummary(json);
            return json;
        }

        /** @return the full session: {@code events} first, then the summary fields */
        synchronized ObjectNode fullJson() {
            ObjectNode json = Json.object();
            ArrayNode history = json.putArray("events");
            events.forEach(event -> history.add(event.deepCopy()));
            putSummary(json);
            return json;
        }

        private void putSummary(ObjectNode json) {
            json.put("last_updated_at", Json.timestamp(updatedAt));
            json.put("session_id", id);
            json.put("generated_title", title);
            if (indexIds == null) {
                json.putNull("index_ids");
            } else {
                json.set("index_ids", Json.strings(indexIds));
            }
            if (jobMetadata == null) {
                json.putNull("job_metadata");
            } else {
                json.set("job_metadata", jobMetadata.deepCopy());
            }
            json.put("shared_access", "query");
        }
    }
}
