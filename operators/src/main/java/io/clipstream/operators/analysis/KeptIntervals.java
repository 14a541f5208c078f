package io.clipstream.operators.analysis;

import io.clipstream.schemas.TimeSpan;
import io.clipstream.schemas.Word;
import java.util.ArrayList;
import java.util.List;

/**
 * The parts of a clip that are kept. With filler removal on, filler words are cut (from their start
 * to the next word's start, so the pause they fill goes too) and every pause longer than {@link
 * #MAX_PAUSE_US} is shortened to that length, half of it kept on each side.
 */
public final class KeptIntervals {
    static final long MAX_PAUSE_US = 500_000;

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
                cuts.add(new long[] {w.getStartUs(), Math.max(w.getEndUs(), next)});
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
