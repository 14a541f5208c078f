package io.clipstream.operators.speech;

import java.util.Locale;

/** Rough English syllable counts from spelling, for spreading a cue's time over its words. */
final class Syllables {
    private Syllables() {}

    static int count(String word) {
        String w = word.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
        if (w.isEmpty()) {
            // digits and symbols: about one syllable per character
            return Math.max(1, word.replaceAll("[^0-9]", "").length());
        }
        int count = 0;
        boolean previousVowel = false;
        for (int i = 0; i < w.length(); i++) {
            boolean vowel = "aeiouy".indexOf(w.charAt(i)) >= 0;
            if (vowel && !previousVowel) {
                count++;
            }
            previousVowel = vowel;
        }
        if (w.endsWith("e") && !w.endsWith("le") && count > 1) {
            count--;
        }
        return Math.max(1, count);
    }
}
