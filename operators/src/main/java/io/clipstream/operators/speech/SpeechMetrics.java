package io.clipstream.operators.speech;

import io.clipstream.schemas.Word;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Word error rate and word timing error of a transcript against a script with known times. */
public final class SpeechMetrics {
    /** A reference word matched to the recognised word with the same text. */
    public record Match(int reference, int hypothesis) {}

    private SpeechMetrics() {}

    /** (substitutions + deletions + insertions) / reference words, on normalised words. */
    public static double wordErrorRate(List<String> reference, List<String> hypothesis) {
        List<String> r = normalise(reference);
        List<String> h = normalise(hypothesis);
        if (r.isEmpty()) {
            return h.isEmpty() ? 0 : 1;
        }
        return (double) distances(r, h)[r.size()][h.size()] / r.size();
    }

    /**
     * The pairs of equal words (each without case and punctuation) on a minimum edit-distance
     * alignment; indices are into the lists given.
     */
    public static List<Match> matches(List<String> reference, List<String> hypothesis) {
        return exactMatches(
                reference.stream().map(SpeechFixtures::normalise).toList(),
                hypothesis.stream().map(SpeechFixtures::normalise).toList());
    }

    /**
     * The pairs of equal words (ignoring case) on a minimum edit-distance alignment of the lists as
     * given; indices are into those lists.
     */
    public static List<Match> exactMatches(List<String> reference, List<String> hypothesis) {
        List<String> r = reference.stream().map(w -> w.toLowerCase(java.util.Locale.ROOT)).toList();
        List<String> h =
                hypothesis.stream().map(w -> w.toLowerCase(java.util.Locale.ROOT)).toList();
        int[][] d = distances(r, h);
        List<Match> out = new ArrayList<>();
        int i = r.size();
        int j = h.size();
        while (i > 0 && j > 0) {
            boolean same = r.get(i - 1).equals(h.get(j - 1));
            if (d[i][j] == d[i - 1][j - 1] + (same ? 0 : 1)) {
                if (same) {
                    out.add(new Match(i - 1, j - 1));
                }
                i--;
                j--;
            } else if (d[i][j] == d[i - 1][j] + 1) {
                i--;
            } else {
                j--;
            }
        }
        java.util.Collections.reverse(out);
        return out;
    }

    /**
     * The median of |recognised start - true start| over the matched words, in microseconds; -1
     * when nothing matched.
     */
    public static long medianStartErrorUs(List<SpeechFixtures.TruthWord> truth, List<Word> words) {
        List<Match> matched =
                matches(
                        truth.stream().map(SpeechFixtures.TruthWord::text).toList(),
                        words.stream().map(w -> w.getText().toString()).toList());
        if (matched.isEmpty()) {
            return -1;
        }
        long[] errors = new long[matched.size()];
        for (int k = 0; k < errors.length; k++) {
            Match m = matched.get(k);
            errors[k] =
                    Math.abs(
                            words.get(m.hypothesis()).getStartUs()
                                    - truth.get(m.reference()).startUs());
        }
        Arrays.sort(errors);
        return errors[errors.length / 2];
    }

    /**
     * Words as compared for the error rate, the same for every engine and reference: lower case,
     * without punctuation, hyphenated words split ("forty-two"), the spoken abbreviations written
     * out ("mr" is "mister") and numbers by value ("fourteen fifty-five" and "1455" are both
     * "1455", "forty two" is "42").
     */
    public static List<String> normalise(List<String> words) {
        List<String> tokens = new ArrayList<>();
        for (String word : words) {
            for (String part : word.split("[\\s\\-]+")) {
                String t = SpeechFixtures.normalise(part);
                if (!t.isEmpty()) {
                    tokens.add(SPOKEN.getOrDefault(t, t));
                }
            }
        }
        List<String> out = new ArrayList<>(tokens.size());
        int next = 0;
        for (SpokenNumbers.Number n : SpokenNumbers.find(tokens)) {
            out.addAll(tokens.subList(next, n.first()));
            out.add(Long.toString(n.value()));
            next = n.last() + 1;
        }
        out.addAll(tokens.subList(next, tokens.size()));
        return out;
    }

    private static final java.util.Map<String, String> SPOKEN =
            java.util.Map.of("mr", "mister", "mrs", "missus", "dr", "doctor", "ok", "okay");

    private static int[][] distances(List<String> r, List<String> h) {
        int[][] d = new int[r.size() + 1][h.size() + 1];
        for (int i = 0; i <= r.size(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= h.size(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= r.size(); i++) {
            for (int j = 1; j <= h.size(); j++) {
                int substitution = d[i - 1][j - 1] + (r.get(i - 1).equals(h.get(j - 1)) ? 0 : 1);
                d[i][j] = Math.min(substitution, Math.min(d[i - 1][j], d[i][j - 1]) + 1);
            }
        }
        return d;
    }
}
