package io.clipstream.operators.analysis.shots;

import io.clipstream.schemas.ShotBoundary;
import io.clipstream.schemas.ShotKind;
import java.util.ArrayList;
import java.util.List;

/**
 * Boundaries from a model's per-frame transition probabilities (see {@code ModelFrameScorer}): a
 * frame whose probability reaches the threshold and is the highest within half a minimum shot on
 * either side starts a new shot.
 */
public final class ModelShotDetector implements ShotDetector {
    private final double threshold;
    private final int minShotFrames;

    public ModelShotDetector(double threshold, int minShotFrames) {
        this.threshold = threshold;
        this.minShotFrames = minShotFrames;
    }

    @Override
    public List<ShotBoundary> detect(VideoSignals s) {
        List<ShotBoundary> out = new ArrayList<>();
        int half = Math.max(1, minShotFrames / 2);
        for (int i = 1; i < s.frameCount(); i++) {
            if (s.model[i] < threshold) {
                continue;
            }
            boolean peak = true;
            for (int j = Math.max(1, i - half);
                    j <= Math.min(s.frameCount() - 1, i + half) && peak;
                    j++) {
                peak = j == i || s.model[j] < s.model[i] || (s.model[j] == s.model[i] && j > i);
            }
            if (peak) {
                out.add(ShotDetector.boundary(s, i, ShotKind.CUT, s.model[i]));
            }
        }
        return out;
    }
}
