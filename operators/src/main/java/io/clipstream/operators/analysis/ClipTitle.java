package io.clipstream.operators.analysis;

import io.clipstream.schemas.Word;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A clip's title: its opening sentence (the hook the scorer rates), written as a sentence, without
 * fillers; a sentence of fewer than three words takes the next one with it. Longer than {@link
 * #MAX_CHARS}, it is cut at a word boundary (not after an article or preposition) and ends with an
 * ellipsis. A clip without words is named by its place in the video.
 */
public final class ClipTitle {
    public static final int MAX_CHARS = 60;

    private static final Set<String> WEAK =
            Set.of(
                    "the", "a", "an", "of", "to", "in", "on", "at", "for", "with", "and", "or",
                    "but", "my", "your", "our", "their", "his", "her", "its", "that", "this");

    private ClipTitle() {}

    public static String of(List<Word> words, int rank, long startUs, long endUs) {
        List<Word> spoken = words.stream().filter(w -> !w.getFiller()).toList();
        StringBuilder title = new StringBuilder();
        for (Sentences.Sentence s : Sentences.of(spoken)) {
            List<String> tokens = new ArrayList<>();
            for (int i = s.first(); i <= s.last(); i++) {
                tokens.add(spoken.get(i).getText());
            }
            String sentence = ReadableText.sentence(tokens);
            if (sentence.isEmpty()) {
                continue;
            }
            title.append(title.length() == 0 ? "" : " ").append(sentence);
            if (title.toString().split(" ").length >= 3) {
                break;
            }
        }
        if (title.length() == 0) {
            return String.format(Locale.ROOT, "Clip %d: %s-%s", rank, clock(startUs), clock(endUs));
        }
        return shorten(title.toString());
    }

    static String shorten(String text) {
        if (text.length() <= MAX_CHARS) {
            return text;
        }
        List<String> kept = new ArrayList<>();
        int length = 0;
        for (String token : text.split(" ")) {
            if (length + token.length() + (kept.isEmpty() ? 0 : 1) > MAX_CHARS - 1) {
                break;
            }
            length += token.length() + (kept.isEmpty() ? 0 : 1);
            kept.add(token);
        }
        while (kept.size() > 1
                && WEAK.contains(
                        kept.get(kept.size() - 1)
                                .toLowerCase(Locale.ROOT)
                                .replaceAll("[^a-z]", ""))) {
            kept.remove(kept.size() - 1);
        }
        if (kept.isEmpty()) {
            return text.substring(0, MAX_CHARS - 1) + "…";
        }
        return String.join(" ", kept).replaceAll("[,;:.\\-]+$", "") + "…";
    }

    private static String clock(long us) {
        long s = us / 1_000_000;
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
