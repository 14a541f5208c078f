package io.clipstream.operators.analysis;

import io.clipstream.schemas.Word;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What the words of a talking point say about it: how its opening sentence hooks a viewer, and how
 * much of an upload's prompt it talks about. Lexical rules, documented in {@link EngagementScorer}.
 */
final class TextSignals {
    private static final Set<String> OPENERS =
            Set.of(
                    "what",
                    "why",
                    "how",
                    "who",
                    "imagine",
                    "here's",
                    "never",
                    "stop",
                    "nobody",
                    "everyone",
                    "everybody",
                    "listen",
                    "look",
                    "did",
                    "have",
                    "would",
                    "if",
                    "the secret");

    private TextSignals() {}

    /** 0..1: a question, an opener word, a number, speaking to "you". */
    static float hook(List<Sentences.Sentence> sentences) {
        if (sentences.isEmpty()) {
            return 0f;
        }
        String text = sentences.get(0).text().toLowerCase(Locale.ROOT);
        String[] tokens = text.replaceAll("[^a-z0-9' ]", " ").trim().split("\\s+");
        float value = 0;
        if (sentences.get(0).isQuestion()) {
            value += 0.5f;
        }
        String first = tokens.length == 0 ? "" : tokens[0];
        String two = tokens.length < 2 ? first : first + " " + tokens[1];
        if (OPENERS.contains(first) || OPENERS.contains(two) || two.equals("most people")) {
            value += 0.3f;
        }
        if (text.matches(".*\\d.*") || Arrays.stream(tokens).anyMatch(NUMBERS::contains)) {
            value += 0.1f;
        }
        if (Arrays.asList(tokens).contains("you")) {
            value += 0.1f;
        }
        return Math.min(1f, value);
    }

    private static final Set<String> NUMBERS =
            Set.of(
                    "two",
                    "three",
                    "four",
                    "five",
                    "ten",
                    "twenty",
                    "fifty",
                    "hundred",
                    "thousand",
                    "million",
                    "percent");

    /** The share of the prompt's content terms that the words say; 0 without a prompt. */
    static float relevance(List<Word> words, String prompt) {
        if (prompt == null || prompt.isBlank()) {
            return 0f;
        }
        Set<String> wanted = new HashSet<>();
        for (String token : prompt.split("\\s+")) {
            String term = TopicShifts.stem(token);
            if (!term.isEmpty() && !term.equals("moment")) {
                wanted.add(term);
            }
        }
        if (wanted.isEmpty()) {
            return 0f;
        }
        Set<String> said = new HashSet<>();
        words.forEach(w -> said.add(TopicShifts.stem(w.getText().toString())));
        return (float) wanted.stream().filter(said::contains).count() / wanted.size();
    }
}
