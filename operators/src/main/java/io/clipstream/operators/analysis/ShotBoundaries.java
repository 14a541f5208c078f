package io.clipstream.operators.analysis;

import io.clipstream.schemas.ShotBoundary;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Whole-video post-processing of shot boundary candidates gathered from all segments. */
public final class ShotBoundaries {
    private ShotBoundaries() {}

    /**
     * Sorts the candidates, drops duplicates of the same frame, and drops any boundary that would
     * make a shot shorter than {@code minShotFrames} (the stronger of two close candidates wins,
     * ties to the earlier).
     */
    public static List<ShotBoundary> withMinimumShotLength(
            List<ShotBoundary> candidates, long minShotFrames) {
        List<ShotBoundary> sorted = new ArrayList<>(candidates);
        sorted.sort(Comparator.comparingLong(ShotBoundary::getFrame));
        List<ShotBoundary> kept = new ArrayList<>();
        for (ShotBoundary candidate : sorted) {
            if (candidate.getFrame() < minShotFrames) {
                continue; // a shot at the very start would be shorter than the minimum
            }
            if (!kept.isEmpty()) {
                ShotBoundary last = kept.get(kept.size() - 1);
                if (candidate.getFrame() == last.getFrame()) {
                    continue;
                }
                if (candidate.getFrame() - last.getFrame() < minShotFrames) {
                    if (candidate.getStrength() > last.getStrength()) {
                        kept.set(kept.size() - 1, candidate);
                    }
                    continue;
                }
            }
            kept.add(candidate);
        }
        return kept;
    }
}
