package io.quarkiverse.llamacloud.chat.emulator;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The indexes the emulated agent retrieves from: index id to documents (id to text), in insertion order. Shared by
 * all projects. An index exists once it has a document.
 */
final class Corpus {

    static final String DEMO_INDEX = "demo-index";

    private static final Pattern TERM = Pattern.compile("[\\p{L}\\p{N}]+");
    private static final Pattern PARAGRAPH_BREAK = Pattern.compile("\\n\\s*\\n");
    private static final Set<String> STOP_WORDS = Set.of("a", "about", "all", "an", "and", "any", "are", "as", "at",
            "be", "been", "by", "can", "could", "did", "do", "does", "for", "from", "give", "had", "has", "have", "how",
            "i", "in", "is", "it", "its", "me", "my", "of", "on", "or", "our", "please", "s", "should", "show", "tell",
            "that", "the", "their", "there", "these", "this", "those", "to", "us", "was", "we", "were", "what", "when",
            "where", "which", "who", "why", "will", "with", "would", "you", "your");

    /** One retrieved passage. */
    record Hit(String indexId, String documentId, String text, double score) {
    }

    private final Map<String, Map<String, String>> indexes = new LinkedHashMap<>();

    synchronized void add(String indexId, String documentId, String text) {
        indexes.computeIfAbsent(indexId, id -> new LinkedHashMap<>()).put(documentId, text);
    }

    synchronized boolean exists(String indexId) {
        return indexes.containsKey(indexId);
    }

    /** @return index id to document ids */
    synchronized Map<String, List<String>> describe() {
        Map<String, List<String>> description = new LinkedHashMap<>();
        indexes.forEach((id, documents) -> description.put(id, new ArrayList<>(documents.keySet())));
        return description;
    }

    /**
     * Scores every passage (a document's paragraphs, split on blank lines) of these indexes by the share of the
     * query's terms (stop words left out) it contains, case-insensitively.
     *
     * @return the best {@code limit} passages with a score above zero, best first; ties keep corpus order
     */
    synchronized List<Hit> search(String query, List<String> indexIds, int limit) {
        Set<String> queryTerms = terms(query);
        List<Hit> hits = new ArrayList<>();
        if (queryTerms.isEmpty()) {
            return hits;
        }
        for (String indexId : indexIds) {
            Map<String, String> documents = indexes.get(indexId);
            if (documents == null) {
                continue;
            }
            for (Map.Entry<String, String> document : documents.entrySet()) {
                for (String passage : PARAGRAPH_BREAK.split(document.getValue())) {
                    String text = passage.strip();
                    if (text.isEmpty()) {
                        continue;
                    }
                    Set<String> passageTerms = terms(text);
                    long matched = queryTerms.stream().filter(passageTerms::contains).count();
                    if (matched > 0) {
                        double score = BigDecimal.valueOf((double) matched / queryTerms.size())
                                .setScale(2, RoundingMode.HALF_UP).doubleValue();
                        hits.add(new Hit(indexId, document.getKey(), text, score));
                    }
                }
            }
        }
        hits.sort(Comparator.comparingDouble(Hit::score).reversed());
        return hits.size() > limit ? new ArrayList<>(hits.subList(0, limit)) : hits;
    }

    /** @return the lower-cased terms of the text, stop words left out */
    static Set<String> terms(String text) {
        Set<String> terms = new LinkedHashSet<>();
        Matcher matcher = TERM.matcher(text.toLowerCase(Locale.ROOT));
        while (matcher.find()) {
            String term = matcher.group();
            if (!STOP_WORDS.contains(term)) {
                terms.add(term);
            }
        }
        return terms;
    }

    /** Loads the demo corpus: Acme Widgets' (fictional) quarterly results, in index {@value #DEMO_INDEX}. */
    void loadDemo() {
        add(DEMO_INDEX, "q1-results",
                "Q1 results: Acme Widgets reported revenue of $38.5M, up 6% year over year. Gross margin held at 41%. "
                        + "The biggest drag was the delayed launch of the Nimbus sensor line.");
        add(DEMO_INDEX, "q2-results",
                "Q2 results: revenue reached $42.9M, up 9%. Operating costs rose with the opening of the Lyon plant, "
                        + "and customer churn fell to 3.1%.");
        add(DEMO_INDEX, "q3-results",
                "Q3 results: the main findings were revenue growth of 12% to $48.2M, a record gross margin of 44%, "
                        + "and Nimbus sensor sales doubling quarter over quarter. Europe overtook North America as the "
                        + "largest region.");
        add(DEMO_INDEX, "q3-risk-review",
                "Q3 risk review: the findings flag supply-chain delays on microcontrollers and a two-point rise in "
                        + "warranty claims for the Vega actuator. Inventory days increased from 61 to 68.");
        add(DEMO_INDEX, "q4-outlook",
                "Q4 outlook: management expects revenue between $50M and $52M, driven by holiday demand and the "
                        + "Nimbus Pro launch. Hiring will slow after the expansion of the third quarter.");
        add(DEMO_INDEX, "board-minutes-october",
                "Board minutes, October: the board approved a $5M share buyback and asked for a Q3 follow-up on "
                        + "Vega warranty claims before the year-end review.");
        add(DEMO_INDEX, "headcount-report",
                "Headcount report: Acme Widgets employed 412 people at the end of Q3, with most new hires in "
                        + "engineering and field support.");
    }
}
