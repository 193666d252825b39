package io.quarkiverse.llamacloud.chat.emulator;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The emulated agent: a deterministic turn, as a list of events ending with {@code stop}. */
final class Agent {

    static final String TOOL_NAME = "retrieve";
    static final int TOP_PASSAGES = 3;
    private static final int WORDS_PER_DELTA = 3;
    private static final Pattern WORD = Pattern.compile("\\s*\\S+\\s*");

    /**
     * The events of a turn, {@code stop} last (unless a script says otherwise).
     *
     * @param events the events
     * @param fillStopDuration whether to set the stop's {@code usage.duration_ms} to the turn's real duration when
     *        sending it (not for a script's own stop)
     */
    record Plan(List<ObjectNode> events, boolean fillStopDuration) {
    }

    private Agent() {
    }

    /**
     * @param turnIndexes the indexes of the turn (requested or bound)
     * @param available those of them that exist
     * @param skipped those of them that do not
     */
    static Plan answer(String prompt, List<String> turnIndexes, List<String> available, List<String> skipped,
            boolean requireAllIndexes, Corpus corpus, ChatStore.Session session) {
        List<ObjectNode> events = new ArrayList<>();
        int inputTokens = Json.words(prompt);
        if (requireAllIndexes && !skipped.isEmpty()) {
            events.add(stop(true, "Required indexes could not be queried: " + String.join(", ", skipped),
                    inputTokens, 0, 0, skipped));
            return new Plan(events, true);
        }

        String thinking;
        if (!available.isEmpty()) {
            thinking = "The user asks: \"" + prompt + "\". I will search " + String.join(", ", available)
                    + " for the most relevant passages.";
        } else if (!turnIndexes.isEmpty()) {
            thinking = "None of the requested indexes (" + String.join(", ", turnIndexes)
                    + ") can be queried, so I will answer without retrieval.";
        } else {
            thinking = "This session has no index to retrieve from, so I will answer without retrieval.";
        }
        pieces(thinking).forEach(piece -> events.add(content("thinking_delta", piece)));
        events.add(content("thinking", thinking));

        String answer;
        if (!available.isEmpty()) {
            String callId = "call-" + session.nextCallNumber();
            ObjectNode call = Json.object();
            call.put("type", "tool_call");
            call.put("call_id", callId);
            call.put("name", TOOL_NAME);
            ObjectNode arguments = call.putObject("arguments");
            arguments.put("query", prompt);
            arguments.set("index_ids", Json.strings(available));
            events.add(call);

            List<Corpus.Hit> hits = corpus.search(prompt, available, TOP_PASSAGES);
            ObjectNode result = Json.object();
            result.put("type", "tool_result");
            result.put("call_id", callId);
            result.put("name", TOOL_NAME);
            ArrayNode passages = result.putArray("result");
            for (Corpus.Hit hit : hits) {
                ObjectNode passage = passages.addObject();
                passage.put("document_id", hit.documentId());
                passage.put("index_id", hit.indexId());
                passage.put("text", hit.text());
                passage.put("score", hit.score());
            }
            if (hits.isEmpty()) {
                result.putNull("image_attachment");
            } else {
                ObjectNode attachment = result.putObject("image_attachment");
                attachment.put("attachment_name", "page-1.png");
                attachment.put("source_id", hits.get(0).documentId());
            }
            events.add(result);

            if (hits.isEmpty()) {
                answer = "I could not find anything relevant to \"" + prompt + "\" in " + String.join(", ", available)
                        + ".";
            } else {
                StringBuilder text = new StringBuilder("Here is what I found. ");
                for (int i = 0; i < hits.size(); i++) {
                    Corpus.Hit hit = hits.get(i);
                    text.append(i == 0 ? "" : " ").append(hit.text()).append(" [").append(hit.documentId()).append(']');
                }
                answer = text.toString();
            }
        } else {
            answer = "I have no index to search, so I cannot answer \"" + prompt + "\" from your documents.";
        }
        pieces(answer).forEach(piece -> events.add(content("text_delta", piece)));
        events.add(content("text", answer));
        events.add(stop(false, null, inputTokens, Json.words(answer), 1, skipped));
        return new Plan(events, true);
    }

    /** A scripted turn: copies of the script's events, and a {@code stop} if the script has none. */
    static Plan scripted(String prompt, List<ObjectNode> script, List<String> skipped) {
        List<ObjectNode> events = new ArrayList<>();
        boolean hasStop = false;
        StringBuilder text = new StringBuilder();
        StringBuilder deltas = new StringBuilder();
        for (ObjectNode event : script) {
            events.add(event.deepCopy());
            String type = event.path("type").asText();
            hasStop |= "stop".equals(type);
            if ("text".equals(type)) {
                text.append(event.path("content").asText()).append(' ');
            } else if ("text_delta".equals(type)) {
                deltas.append(event.path("content").asText());
            }
        }
        if (hasStop) {
            return new Plan(events, false);
        }
        String answer = text.length() > 0 ? text.toString() : deltas.toString();
        events.add(stop(false, null, Json.words(prompt), Json.words(answer), 1, skipped));
        return new Plan(events, true);
    }

    /** The turn fails: the events before the answer are kept, then an error {@code stop}. */
    static Plan failed(Plan plan, String error, String prompt) {
        List<ObjectNode> events = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (ObjectNode event : plan.events()) {
            String type = event.path("type").asText();
            if ("stop".equals(type)) {
                event.path("skipped_index_ids").forEach(id -> skipped.add(id.asText()));
                break;
            }
            if ("text".equals(type) || "text_delta".equals(type)) {
                break;
            }
            events.add(event);
        }
        events.add(stop(true, error, Json.words(prompt), 0, 1, skipped));
        return new Plan(events, true);
    }

    /** Inserts an event of an unknown type before the answer (before {@code stop} if there is no answer). */
    static Plan withUnknownEvent(Plan plan, String type) {
        List<ObjectNode> events = new ArrayList<>(plan.events());
        ObjectNode unknown = Json.object();
        unknown.put("type", type);
        unknown.put("note", "An event type clients do not know yet, injected by the emulator");
        unknown.putObject("payload").put("sequence", 1);
        int at = events.size();
        for (int i = 0; i < events.size(); i++) {
            String eventType = events.get(i).path("type").asText();
            if ("text".equals(eventType) || "text_delta".equals(eventType)) {
                at = i;
                break;
            }
            if ("stop".equals(eventType) && at == events.size()) {
                at = i;
            }
        }
        events.add(at, unknown);
        return new Plan(events, plan.fillStopDuration());
    }

    static ObjectNode stop(boolean isError, String error, long inputTokens, long outputTokens, long turns,
            List<String> skipped) {
        ObjectNode stop = Json.object();
        stop.put("type", "stop");
        stop.put("is_error", isError);
        stop.put("error", error);
        ObjectNode usage = stop.putObject("usage");
        usage.put("duration_ms", 0.0);
        usage.put("total_input_tokens", inputTokens);
        usage.put("total_output_tokens", outputTokens);
        usage.put("turns", turns);
        stop.set("skipped_index_ids", Json.strings(skipped));
        return stop;
    }

    static boolean isStop(JsonNode event) {
        return "stop".equals(event.path("type").asText());
    }

    private static ObjectNode content(String type, String content) {
        ObjectNode event = Json.object();
        event.put("type", type);
        event.put("content", content);
        return event;
    }

    /** Splits a text into pieces of a few words, whitespace kept, so that the pieces concatenate to the text. */
    static List<String> pieces(String text) {
        List<String> pieces = new ArrayList<>();
        Matcher matcher = WORD.matcher(text);
        StringBuilder piece = new StringBuilder();
        int words = 0;
        int end = 0;
        while (matcher.find()) {
            piece.append(matcher.group());
            end = matcher.end();
            if (++words == WORDS_PER_DELTA) {
                pieces.add(piece.toString());
                piece.setLength(0);
                words = 0;
            }
        }
        piece.append(text.substring(end));
        if (piece.length() > 0) {
            pieces.add(piece.toString());
        }
        return pieces;
    }
}
