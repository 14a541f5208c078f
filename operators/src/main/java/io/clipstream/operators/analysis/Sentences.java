package io.clipstream.operators.analysis;

import io.clipstream.schemas.AudioWindow;
import io.clipstream.schemas.TimeSpan;
import io.clipstream.schemas.Word;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a word stream into sentences: at sentence punctuation where the engine gives it, else at
 * pauses and falling pitch, which are how speech marks the end of a sentence.
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

    /** In unpunctuated speech, a pause this long ends a sentence after a falling pitch. */
    static final long PROSODIC_PAUSE_US = 150_000;

    static final double FALL_SEMITONES = 1.5;

    /** With punctuation present, only a pause this long ends a sentence without a full stop. */
    static final long PUNCTUATED_PAUSE_US = 1_000_000;

    private Sentences() {}

    /** Sentences from punctuation and pauses alone. */
    public static List<Sentence> of(List<Word> words) {
        return of(words, List.of());
    }

    /**
     * Sentences from punctuation and pauses, and, in unpunctuated speech, prosody: a shorter pause
     * ({@link #PROSODIC_PAUSE_US}) ends a sentence when the pitch falls at the end of the word
     * before it, as it does at the end of a statement.
     *
     * @param windows the video's audio windows in time order, for pitch; may be empty
     */
    public static List<Sentence> of(List<Word> words, List<AudioWindow> windows) {
        boolean punctuated = words.stream().anyMatch(w -> endsSentence(w.getText().toString()));
        long pause = punctuated ? PUNCTUATED_PAUSE_US : PAUSE_US;
        List<Sentence> out = new ArrayList<>();
        int first = 0;
        for (int i = 0; i < words.size(); i++) {
            Word w = words.get(i);
            boolean end =
                    i == words.size() - 1
                            || endsSentence(w.getText().toString())
                            || w.getPauseAfterUs() >= pause
                            || (!punctuated
                                    && w.getPauseAfterUs() >= PROSODIC_PAUSE_US
                                    && finalFall(w, windows));
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

    /**
     * Whether the voiced pitch of the word's last 40% lies a semitone and a half below its start.
     */
    static boolean finalFall(Word word, List<AudioWindow> windows) {
        long split = word.getStartUs() + (word.getEndUs() - word.getStartUs()) * 6 / 10;
        double head = medianPitch(windows, word.getStartUs(), split);
        double tail = medianPitch(windows, split, word.getEndUs());
        return head > 0 && tail > 0 && 12 * Math.log(head / tail) / Math.log(2) >= FALL_SEMITONES;
    }

    private static double medianPitch(List<AudioWindow> windows, long fromUs, long toUs) {
        List<Float> voiced = new ArrayList<>();
        for (AudioWindow w : AudioFeatures.startingIn(windows, fromUs, toUs)) {
            if (w.getPitchHz() > 0) {
                voiced.add(w.getPitchHz());
            }
        }
        if (voiced.isEmpty()) {
            return 0;
        }
        voiced.sort(null);
        return voiced.get(voiced.size() / 2);
    }

    static boolean endsSentence(String text) {
        return text.endsWith(".") || text.endsWith("?") || text.endsWith("!");
    }
}
