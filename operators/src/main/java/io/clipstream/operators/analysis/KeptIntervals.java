package io.clipstream.operators.analysis;

import io.clipstream.schemas.TimeSpan;
import io.clipstream.schemas.Word;
import java.util.ArrayList;
import java.util.List;

/**
 * The parts of a clip that are kept. With filler removal on, filler words are cut (from their start
 * to the next word's start, so the pause they fill goes too, but never closer than {@link
 * #RELEASE_US} after the previous word's end or {@link #ATTACK_US} before the next word's start)
 * and every pause longer than {@link #MAX_PAUSE_US} is shortened to that length, half of it kept on
 * each side.
 */
public final class KeptIntervals {
    static final long MAX_PAUSE_US = 500_000;

    /** Kept after a word's recognised end before a cut: its decay, and timing slack. */
    static final long RELEASE_US = 80_000;

    /** Kept before a word's recognised start after a cut. */
    static final long ATTACK_US = 40_000;

    /** Shorter cuts are not made: a jump for so little time is worse than the filler. */
    static final long MIN_CUT_US = 80_000;

    /** Pieces shorter than this are dropped rather than rendered as a flash. */
    static final long MIN_PIECE_US = 100_000;

    private KeptIntervals() {}

    public static List<TimeSpan> of(
            long startUs, long endUs, List<Word> words, boolean removeFillers) {
        if (!removeFillers) {
            return List.of(new TimeSpan(startUs, endUs));
        }
        List<long[]> cuts = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            Word w = words.get(i);
            long next = i + 1 < words.size() ? words.get(i + 1).getStartUs() : w.getEndUs();
            if (w.getFiller()) {
                // the word before keeps its ending (release), the word after its onset (attack)
                long before = i > 0 ? words.get(i - 1).getEndUs() + RELEASE_US : startUs;
                long cutStart = Math.max(w.getStartUs(), before);
                long cutEnd = Math.max(w.getEndUs(), next - ATTACK_US);
                if (cutEnd - cutStart >= MIN_CUT_US) {
                    cuts.add(new long[] {cutStart, cutEnd});
                }
            } else if (w.getPauseAfterUs() > MAX_PAUSE_US) {
                cuts.add(new long[] {w.getEndUs() + MAX_PAUSE_US / 2, next - MAX_PAUSE_US / 2});
            }
        }
        List<TimeSpan> kept = new ArrayList<>();
        long at = startUs;
        for (long[] cut : cuts) {
            long from = Math.max(startUs, cut[0]);
            long to = Math.min(endUs, cut[1]);
            if (to <= from || to <= at) {
                continue;
            }
            if (from - at >= MIN_PIECE_US) {
                kept.add(new TimeSpan(at, from));
            }
            at = Math.max(at, to);
        }
        if (endUs - at >= MIN_PIECE_US) {
            kept.add(new TimeSpan(at, endUs));
        }
        return kept.isEmpty() ? List.of(new TimeSpan(startUs, endUs)) : kept;
    }
}
