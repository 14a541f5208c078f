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

    /** The pairs of equal words on a minimum edit-distance alignment. */
    public static List<Match> matches(List<String> reference, List<String> hypothesis) {
        List<String> r = normalise(reference);
        List<String> h = normalise(hypothesis);
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

    private static List<String> normalise(List<String> words) {
        return words.stream().map(SpeechFixtures::normalise).filter(w -> !w.isEmpty()).toList();
    }

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
