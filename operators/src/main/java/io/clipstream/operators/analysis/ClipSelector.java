package io.clipstream.operators.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Chooses the clips: the best-scoring candidates whose duration lies within the requested range, at
 * most {@code maxClips}, none overlapping another, spread over the video where the candidates
 * allow. Ties go to the earlier candidate so the choice is deterministic.
 */
public final class ClipSelector {
    private ClipSelector() {}

    /** A scored candidate interval. */
    public record Candidate(int index, long startUs, long endUs, float score) {
        long durationUs() {
            return endUs - startUs;
        }

        boolean overlaps(Candidate other) {
            return startUs < other.endUs && other.startUs < endUs;
        }
    }

    public static List<Candidate> select(
            List<Candidate> candidates, long minUs, long maxUs, int maxClips) {
        return select(candidates, minUs, maxUs, maxClips, 0);
    }

    /**
     * As {@link #select(List, long, long, int)}, spread over the video: a first pass keeps every
     * chosen clip at least {@code spacingUs} from the others; if that leaves slots free, a second
     * pass fills them with the best remaining candidates that merely do not overlap.
     */
    public static List<Candidate> select(
            List<Candidate> candidates, long minUs, long maxUs, int maxClips, long spacingUs) {
        List<Candidate> ranked = new ArrayList<>(candidates);
        ranked.removeIf(c -> c.durationUs() < minUs || c.durationUs() > maxUs);
        ranked.sort(
                Comparator.comparingDouble((Candidate c) -> -c.score())
                        .thenComparingLong(Candidate::startUs));
        List<Candidate> chosen = new ArrayList<>();
        for (long spacing : new long[] {spacingUs, 0}) {
            for (Candidate c : ranked) {
                if (chosen.size() >= maxClips) {
                    break;
                }
                if (!chosen.contains(c)
                        && chosen.stream().allMatch(o -> gap(c, o) >= spacing && !c.overlaps(o))) {
                    chosen.add(c);
                }
            }
        }
        chosen.sort(
                Comparator.comparingDouble((Candidate c) -> -c.score())
                        .thenComparingLong(Candidate::startUs));
        return chosen;
    }

    private static long gap(Candidate a, Candidate b) {
        return Math.max(a.startUs(), b.startUs()) - Math.min(a.endUs(), b.endUs());
    }
}
