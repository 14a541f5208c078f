package io.clipstream.operators.analysis;

import io.clipstream.schemas.TimeSpan;
import io.clipstream.schemas.Word;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a word stream into sentences: at sentence punctuation where the engine gives it, and at
 * pauses, which are how speech marks sentence ends when no punctuation is given.
 */
public final class Sentences {
    /** Words {@code [first, last]} of the stream. */
    public record Sentence(int first, int last, long startUs, long endUs, String text) {
        public TimeSpan span() {
            return new TimeSpan(startUs, endUs);
        }

        public boolean isQuestion() {
            return text.endsWith("?");
        }
    }

    /** A pause this long ends a sentence in unpunctuated speech. */
    static final long PAUSE_US = 350_000;

    /** With punctuation present, only a pause this long ends a sentence without a full stop. */
    static final long PUNCTUATED_PAUSE_US = 1_000_000;

    private Sentences() {}

    public static List<Sentence> of(List<Word> words) {
        boolean punctuated = words.stream().anyMatch(w -> endsSentence(w.getText().toString()));
        long pause = punctuated ? PUNCTUATED_PAUSE_US : PAUSE_US;
        List<Sentence> out = new ArrayList<>();
        int first = 0;
        for (int i = 0; i < words.size(); i++) {
            Word w = words.get(i);
            boolean end =
                    i == words.size() - 1
                            || endsSentence(w.getText().toString())
                            || w.getPauseAfterUs() >= pause;
            if (end) {
                StringBuilder text = new StringBuilder();
                for (int k = first; k <= i; k++) {
                    text.append(k == first ? "" : " ").append(words.get(k).getText());
                }
                out.add(
                        new Sentence(
                                first,
                                i,
                                words.get(first).getStartUs(),
                                w.getEndUs(),
                                text.toString()));
                first = i + 1;
            }
        }
        return out;
    }

    static boolean endsSentence(String text) {
        return text.endsWith(".") || text.endsWith("?") || text.endsWith("!");
    }
}
