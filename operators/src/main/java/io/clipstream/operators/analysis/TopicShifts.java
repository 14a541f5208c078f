package io.clipstream.operators.analysis;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Where the topic changes between sentences, TextTiling-style: the lexical similarity (cosine of
 * content-word counts, crudely stemmed) of the {@link #BLOCK} sentences before each gap and the
 * {@link #BLOCK} after it, and the depth of each gap's similarity below the peaks on either side. A
 * deep valley is a topic shift.
 */
public final class TopicShifts {
    static final int BLOCK = 2;
    private static final Set<String> STOP =
            Set.of(
                    "a", "an", "the", "and", "or", "but", "so", "of", "to", "in", "on", "at", "for",
                    "with", "is", "are", "was", "were", "be", "been", "it", "its", "it's", "that",
                    "this", "these", "those", "i", "you", "we", "they", "he", "she", "me", "us",
                    "them", "my", "your", "our", "their", "do", "did", "does", "have", "has", "had",
                    "not", "no", "yes", "just", "like", "um", "uh", "er", "ah", "what", "which",
                    "who", "how", "why", "when", "where", "there", "here", "then", "than", "if",
                    "can", "will", "would", "could", "should", "about", "all", "some", "very",
                    "really", "one", "get", "got", "know", "think", "from", "by", "as", "up", "out",
                    "more");

    private TopicShifts() {}

    /** Depth in [0, 1] of the gap after each sentence but the last. */
    public static double[] depths(
            List<Sentences.Sentence> sentences, List<io.clipstream.schemas.Word> words) {
        int n = sentences.size();
        if (n < 2) {
            return new double[0];
        }
        double[] similarity = new double[n - 1];
        for (int g = 0; g < n - 1; g++) {
            similarity[g] =
                    cosine(
                            bag(sentences, words, Math.max(0, g - BLOCK + 1), g),
                            bag(sentences, words, g + 1, Math.min(n - 1, g + BLOCK)));
        }
        double[] depth = new double[n - 1];
        for (int g = 0; g < n - 1; g++) {
            double left = similarity[g];
            for (int k = g - 1; k >= 0 && similarity[k] >= left; k--) {
                left = similarity[k];
            }
            double right = similarity[g];
            for (int k = g + 1; k < n - 1 && similarity[k] >= right; k++) {
                right = similarity[k];
            }
            depth[g] = Math.min(1, (left - similarity[g]) + (right - similarity[g]));
        }
        return depth;
    }

    private static Map<String, Integer> bag(
            List<Sentences.Sentence> sentences,
            List<io.clipstream.schemas.Word> words,
            int from,
            int to) {
        Map<String, Integer> counts = new HashMap<>();
        for (int s = from; s <= to; s++) {
            Sentences.Sentence sentence = sentences.get(s);
            for (int w = sentence.first(); w <= sentence.last(); w++) {
                String term = stem(words.get(w).getText().toString());
                if (!term.isEmpty()) {
                    counts.merge(term, 1, Integer::sum);
                }
            }
        }
        return counts;
    }

    /** Lower case, no punctuation, no stop words, common suffixes cut. */
    static String stem(String word) {
        String w = word.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9']", "");
        if (w.length() < 3 || STOP.contains(w)) {
            return "";
        }
        for (String suffix : new String[] {"ing", "ed", "es", "s", "ly"}) {
            if (w.length() > suffix.length() + 2 && w.endsWith(suffix)) {
                return w.substring(0, w.length() - suffix.length());
            }
        }
        return w;
    }

    static double cosine(Map<String, Integer> a, Map<String, Integer> b) {
        double dot = 0;
        for (var e : a.entrySet()) {
            dot += e.getValue() * b.getOrDefault(e.getKey(), 0);
        }
        double na = a.values().stream().mapToDouble(v -> v * v).sum();
        double nb = b.values().stream().mapToDouble(v -> v * v).sum();
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }
}
