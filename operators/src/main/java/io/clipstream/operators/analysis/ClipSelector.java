package io.clipstream.operators.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Chooses the clips: the best-scoring candidates whose duration lies within the requested range, at
 * most {@code maxClips}, none overlapping another. Ties go to the earlier candidate so the choice
 * is deterministic.
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
        List<Candidate> ranked = new ArrayList<>(candidates);
        ranked.removeIf(c -> c.durationUs() < minUs || c.durationUs() > maxUs);
        ranked.sort(
                Comparator.comparingDouble((Candidate c) -> -c.score())
                        .thenComparingLong(Candidate::startUs));
        List<Candidate> chosen = new ArrayList<>();
        for (Candidate c : ranked) {
            if (chosen.size() >= maxClips) {
                break;
            }
            if (chosen.stream().noneMatch(c::overlaps)) {
                chosen.add(c);
            }
        }
        return chosen;
    }
}
