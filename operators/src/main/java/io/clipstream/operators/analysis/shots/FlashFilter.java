package io.clipstream.operators.analysis.shots;

import io.clipstream.schemas.ShotBoundary;
import java.util.List;

/**
 * Drops "cuts" that are flashes: a camera flash, a white frame or a glitch lasting up to {@code
 * maxFlashFrames} frames, after which the picture returns to what it was. A cut at frame i is a
 * flash when a frame shortly after it is close to frame i-1 again, or the return from one when
 * frame i is close to a frame shortly before i-1.
 */
public final class FlashFilter {
    private final int maxFlashFrames;
    private final double similarity;

    /**
     * @param similarity fraction of the cut's own difference under which frames count as alike
     */
    public FlashFilter(int maxFlashFrames, double similarity) {
        if (maxFlashFrames < 1 || maxFlashFrames > 3) {
            throw new IllegalArgumentException("flashes of 1 to 3 frames are supported");
        }
        this.maxFlashFrames = maxFlashFrames;
        this.similarity = similarity;
    }

    public static FlashFilter defaults() {
        return new FlashFilter(3, 0.3);
    }

    public List<ShotBoundary> apply(VideoSignals s, List<ShotBoundary> cuts) {
        return cuts.stream().filter(b -> !isFlash(s, (int) b.getFrame())).toList();
    }

    boolean isFlash(VideoSignals s, int i) {
        double alike = Math.max(4.0, similarity * s.diff1[i]);
        for (int m = 1; m <= maxFlashFrames; m++) {
            // frame i+m back to frame i-1: the difference from i+m to (i+m)-(m+1)
            if (i + m < s.frameCount() && s.diff(i + m, m + 1) < alike) {
                return true;
            }
            // frame i back to frame i-1-m: this frame ends a flash that started m frames ago
            if (i - m - 1 >= 1 && s.diff(i, m + 1) < alike) {
                return true;
            }
        }
        return false;
    }
}
