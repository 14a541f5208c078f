package io.clipstream.operators.speech;

import io.clipstream.schemas.Word;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Speech recognised segment by segment without losing or doubling words at the seams. Each segment
 * transcribes its own range plus {@link #OVERLAP_US} of audio on either side, so a word that
 * crosses a boundary is heard whole by both neighbours; each keeps only the words whose midpoint
 * lies in its own range, and the merge drops any word two segments still both kept.
 */
public final class ChunkedSpeech {
    /** Audio heard beyond each side of a segment: longer than any word, and some context. */
    public static final long OVERLAP_US = 2_000_000;

    private ChunkedSpeech() {}

    /** The words a segment owns: those whose midpoint lies in {@code [startUs, endUs)}. */
    public static List<Word> owned(List<Word> words, long startUs, long endUs) {
        List<Word> out = new ArrayList<>();
        for (Word word : words) {
            long middle = (word.getStartUs() + word.getEndUs()) / 2;
            if (middle >= startUs && middle < endUs) {
                out.add(word);
            }
        }
        return out;
    }

    /**
     * All segments' words in time order. Neighbours may time the same word a little differently and
     * both own it; a word overlapping its predecessor by more than half of the shorter one, with
     * the same text, is that same word and is dropped.
     */
    public static List<Word> merge(List<List<Word>> perSegment) {
        List<Word> all = new ArrayList<>();
        perSegment.forEach(all::addAll);
        all.sort(Comparator.comparingLong(Word::getStartUs).thenComparingLong(Word::getEndUs));
        List<Word> out = new ArrayList<>(all.size());
        for (Word word : all) {
            if (!out.isEmpty() && sameWord(out.get(out.size() - 1), word)) {
                continue;
            }
            out.add(Word.newBuilder(word).build());
        }
        return out;
    }

    private static boolean sameWord(Word a, Word b) {
        if (!a.getText().toString().equalsIgnoreCase(b.getText().toString())) {
            return false;
        }
        long overlap =
                Math.min(a.getEndUs(), b.getEndUs()) - Math.max(a.getStartUs(), b.getStartUs());
        long shorter = Math.min(a.getEndUs() - a.getStartUs(), b.getEndUs() - b.getStartUs());
        return overlap > shorter / 2;
    }
}
