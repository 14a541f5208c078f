package io.clipstream.operators.analysis.shots;

import io.clipstream.schemas.ShotBoundary;
import java.util.List;

/**
 * Drops "cuts" after which the picture comes back: a camera flash, a white frame, a car or a body
 * passing right in front of the lens, a staff swept across it, flicker. A cut replaces the scene
 * for good; these only hide it for a moment. A cut at frame i is transient when some frame from i
 * on, within one feature lag (0.4 s) of some frame before i, looks like that earlier frame again:
 * its thumbnail differs from it by less than {@code similarity} of the jump at i itself.
 *
 * <p>Segments analysed before thumbnails existed fall back to the short form of the same test on
 * the HSV differences: a return within {@code maxFlashFrames} frames.
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
        return cuts.stream()
                .filter(
                        b ->
                                !(s.returnDiff((int) b.getFrame(), 1) >= 0
                                        ? returns(s, (int) b.getFrame())
                                        : isFlash(s, (int) b.getFrame())))
                .toList();
    }

    /** Whether the picture before frame i comes back within a lag across it. */
    boolean returns(VideoSignals s, int i) {
        double alike = similarity * s.returnDiff(i, 1);
        for (int b = i; b < Math.min(s.frameCount(), i + s.lag); b++) {
            for (int k = b - i + 1; k <= s.lag; k++) {
                float d = s.returnDiff(b, k);
                if (d >= 0 && d < alike) {
                    return true;
                }
            }
        }
        return false;
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
