package io.clipstream.operators.analysis.shots;

import io.clipstream.schemas.ShotBoundary;
import io.clipstream.schemas.ShotKind;
import java.util.ArrayList;
import java.util.List;

/**
 * The classic content detector: a frame whose HSV difference to the previous frame reaches a fixed
 * threshold starts a new shot. Simple and fast; it misses low-contrast cuts and fires on fast
 * motion, which is why the default detector is adaptive.
 */
public final class ContentDetector implements ShotDetector {
    private final double threshold;

    public ContentDetector(double threshold) {
        this.threshold = threshold;
    }

    @Override
    public List<ShotBoundary> detect(VideoSignals s) {
        List<ShotBoundary> out = new ArrayList<>();
        for (int i = 1; i < s.frameCount(); i++) {
            if (s.diff1[i] >= threshold) {
                out.add(ShotDetector.boundary(s, i, ShotKind.CUT, s.diff1[i]));
            }
        }
        return out;
    }
}
