package io.clipstream.operators.speech;

import io.clipstream.schemas.Word;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Marks what a clip can do without: filler words, and the silence after every word. The renderer
 * cuts words marked {@code filler} and shortens pauses longer than its limit.
 *
 * <p>Hesitations (um, uh, er, ah) are always fillers. "like" is a filler in filler position: after
 * a linking word (was, is, and, but, so) or set off by a pause, and never after a word it
 * complements (would like, looks like, I like). "you know" is a filler when a pause or the end of
 * the sentence follows it, and not when it takes an object ("you know what", "you know that").
 */
public final class WordStream {
    static final Set<String> HESITATIONS =
            Set.of("um", "uh", "er", "erm", "ah", "uhm", "hmm", "mm", "eh");
    private static final Set<String> LIKE_AFTER =
            Set.of("was", "were", "is", "it's", "and", "but", "so", "or", "um", "uh", "like");
    private static final Set<String> LIKE_COMPLEMENT =
            Set.of(
                    "would",
                    "i'd",
                    "we'd",
                    "you'd",
                    "i",
                    "you",
                    "we",
                    "they",
                    "he",
                    "she",
                    "look",
                    "looks",
                    "looked",
                    "feel",
                    "feels",
                    "felt",
                    "sound",
                    "sounds",
                    "seem",
                    "seems",
                    "something",
                    "anything",
                    "nothing",
                    "just",
                    "don't",
                    "didn't",
                    "not",
                    "really",
                    "more",
                    "most",
                    "much");
    private static final Set<String> YOU_KNOW_OBJECT =
            Set.of(
                    "what", "that", "how", "why", "where", "who", "when", "which", "the", "a", "an",
                    "him", "her", "it", "them", "about", "this", "those", "these", "if", "whether",
                    "me", "us", "my", "your");

    /** A pause at least this long around "like" or after "you know" marks it as a filler. */
    static final long FILLER_PAUSE_US = 150_000;

    private WordStream() {}

    /** Sets {@code filler} and {@code pauseAfterUs} on words in time order, in place. */
    public static List<Word> mark(List<Word> words) {
        for (int i = 0; i < words.size(); i++) {
            Word word = words.get(i);
            word.setPauseAfterUs(
                    i + 1 < words.size()
                            ? Math.max(0, words.get(i + 1).getStartUs() - word.getEndUs())
                            : 0L);
        }
        for (int i = 0; i < words.size(); i++) {
            String text = bare(words.get(i));
            if (HESITATIONS.contains(text)) {
                words.get(i).setFiller(true);
            } else if (text.equals("like")) {
                words.get(i).setFiller(likeIsFiller(words, i));
            } else if (text.equals("you")
                    && i + 1 < words.size()
                    && bare(words.get(i + 1)).equals("know")) {
                if (youKnowIsFiller(words, i)) {
                    words.get(i).setFiller(true);
                    words.get(i + 1).setFiller(true);
                }
            }
        }
        return words;
    }

    private static boolean likeIsFiller(List<Word> words, int i) {
        String before = i > 0 ? bare(words.get(i - 1)) : "";
        if (LIKE_COMPLEMENT.contains(before)) {
            return false;
        }
        boolean pauseBefore = i == 0 || words.get(i - 1).getPauseAfterUs() >= FILLER_PAUSE_US;
        boolean pauseAfter = words.get(i).getPauseAfterUs() >= FILLER_PAUSE_US;
        return LIKE_AFTER.contains(before)
                || pauseBefore
                || pauseAfter
                || endsSentence(words.get(i));
    }

    private static boolean youKnowIsFiller(List<Word> words, int i) {
        Word know = words.get(i + 1);
        if (i + 2 >= words.size() || endsSentence(know)) {
            return true;
        }
        if (YOU_KNOW_OBJECT.contains(bare(words.get(i + 2)))) {
            return false;
        }
        boolean pauseBefore = i == 0 || words.get(i - 1).getPauseAfterUs() >= FILLER_PAUSE_US;
        return know.getPauseAfterUs() >= FILLER_PAUSE_US || pauseBefore;
    }

    private static boolean endsSentence(Word word) {
        String text = word.getText().toString();
        return text.endsWith(",") || text.endsWith(".") || text.endsWith("?") || text.endsWith("!");
    }

    /** The word in lower case without surrounding punctuation. */
    static String bare(Word word) {
        return word.getText()
                .toString()
                .toLowerCase(Locale.ROOT)
                .replaceAll("^[^\\p{L}\\p{N}']+|[^\\p{L}\\p{N}']+$", "");
    }
}
