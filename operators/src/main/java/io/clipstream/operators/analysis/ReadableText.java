package io.clipstream.operators.analysis;

import io.clipstream.operators.speech.SpokenNumbers;
import io.clipstream.schemas.Word;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A transcript that reads as sentences, for captions, titles and the scored segments analysts
 * query. Recognisers give lower-case words without punctuation; this capitalises each sentence's
 * first word and "I", ends each sentence ({@link Sentences}) with a full stop, or a question mark
 * when it opens as a question does, and writes years and counts as digits. The words themselves
 * keep the recogniser's spelling.
 */
public final class ReadableText {
    private static final Set<String> QUESTION_WORDS =
            Set.of("what", "why", "how", "who", "where", "when", "which", "whose");

    /** Auxiliaries that open a yes/no question when a subject follows ("do you", "is it"). */
    private static final Set<String> AUXILIARIES =
            Set.of(
                    "is", "are", "was", "were", "do", "does", "did", "can", "could", "would",
                    "should", "will", "have", "has", "had", "isn't", "aren't", "don't", "doesn't",
                    "didn't", "can't", "won't", "shall", "may", "might");

    private static final Set<String> SUBJECTS =
            Set.of(
                    "i",
                    "you",
                    "we",
                    "they",
                    "he",
                    "she",
                    "it",
                    "there",
                    "this",
                    "that",
                    "these",
                    "those",
                    "anyone",
                    "anybody",
                    "everyone",
                    "somebody",
                    "someone",
                    "the",
                    "your",
                    "our",
                    "my",
                    "his",
                    "her",
                    "their");

    /** After a question word, these make the sentence a question ("how many", "what is"). */
    private static final Set<String> QUESTION_FOLLOWERS =
            Set.of("many", "much", "long", "often", "far", "about", "else", "kind", "if");

    /** Words before a number that make it a quantity a reader wants in digits. */
    private static final Set<String> QUANTIFIERS =
            Set.of(
                    "about", "around", "over", "under", "nearly", "almost", "than", "of", "to",
                    "by", "in", "from", "at", "least", "most", "just", "only", "some", "another");

    private ReadableText() {}

    /** The words (with pauses marked, {@code WordStream.mark}) as sentences. */
    public static String of(List<Word> words) {
        StringBuilder out = new StringBuilder();
        for (Sentences.Sentence s : Sentences.of(words)) {
            List<String> tokens = new ArrayList<>();
            for (int i = s.first(); i <= s.last(); i++) {
                tokens.add(words.get(i).getText().toString());
            }
            String sentence = sentence(tokens);
            if (!sentence.isEmpty()) {
                out.append(out.length() == 0 ? "" : " ").append(sentence);
            }
        }
        return out.toString();
    }

    /** One sentence's words, written as a sentence. */
    static String sentence(List<String> spoken) {
        List<String> tokens = digits(spoken);
        if (tokens.isEmpty()) {
            return "";
        }
        List<String> out = new ArrayList<>(tokens.size());
        for (String t : tokens) {
            out.add(capitalI(t));
        }
        out.set(0, capitalise(out.get(0)));
        int last = out.size() - 1;
        String end = out.get(last);
        if (!end.matches(".*[.?!]['\"”’)]*$")) {
            String stripped = end.replaceAll("[,;:\\-–—]+$", "");
            out.set(last, stripped + (isQuestion(tokens) ? "?" : "."));
        }
        return String.join(" ", out);
    }

    /** Whether the sentence opens as a question does. */
    static boolean isQuestion(List<String> tokens) {
        String first = bare(tokens.get(0));
        String second = tokens.size() > 1 ? bare(tokens.get(1)) : "";
        if (QUESTION_WORDS.contains(first)) {
            return AUXILIARIES.contains(second)
                    || QUESTION_FOLLOWERS.contains(second)
                    || second.endsWith("'s")
                    || second.endsWith("'re");
        }
        return AUXILIARIES.contains(first) && SUBJECTS.contains(second);
    }

    /**
     * Years ("fourteen fifty five") and counts of ten or more ("three hundred people", "about
     * forty") as digits; small numbers and the rest stay as said.
     */
    static List<String> digits(List<String> tokens) {
        List<String> out = new ArrayList<>(tokens.size());
        int next = 0;
        for (SpokenNumbers.Number n : SpokenNumbers.find(tokens)) {
            boolean year = n.form() == SpokenNumbers.Form.PAIRS;
            String before = n.first() > 0 ? bare(tokens.get(n.first() - 1)) : "";
            boolean count =
                    n.value() >= 10
                            && (QUANTIFIERS.contains(before)
                                    || (n.last() + 1 < tokens.size()
                                            && !bare(tokens.get(n.last() + 1)).isEmpty()));
            if (!year && !count) {
                continue;
            }
            out.addAll(tokens.subList(next, n.first()));
            String lastWord = tokens.get(n.last());
            String trailing = lastWord.replaceAll("^.*?([^\\p{L}\\p{N}']*)$", "$1");
            String leading = tokens.get(n.first()).replaceAll("^([^\\p{L}\\p{N}']*).*$", "$1");
            out.add(leading + n.value() + trailing);
            next = n.last() + 1;
        }
        out.addAll(tokens.subList(next, tokens.size()));
        return out;
    }

    private static String capitalI(String token) {
        String b = bare(token);
        if (b.equals("i") || b.startsWith("i'")) {
            int at = token.toLowerCase(Locale.ROOT).indexOf('i');
            return token.substring(0, at) + "I" + token.substring(at + 1);
        }
        return token;
    }

    private static String capitalise(String token) {
        for (int i = 0; i < token.length(); i++) {
            if (Character.isLetter(token.charAt(i))) {
                return token.substring(0, i)
                        + Character.toUpperCase(token.charAt(i))
                        + token.substring(i + 1);
            }
            if (Character.isDigit(token.charAt(i))) {
                return token;
            }
        }
        return token;
    }

    private static String bare(String word) {
        return word.toLowerCase(Locale.ROOT)
                .replaceAll("^[^\\p{L}\\p{N}']+|[^\\p{L}\\p{N}']+$", "");
    }
}
