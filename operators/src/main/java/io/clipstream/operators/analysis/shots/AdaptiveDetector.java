package io.clipstream.operators.analysis.shots;

import io.clipstream.schemas.ShotBoundary;
import io.clipstream.schemas.ShotKind;
import java.util.ArrayList;
import java.util.List;

/**
 * Hard cuts judged against their neighbourhood: a frame's difference to its predecessor, plain or
 * after motion compensation, must be {@code ratio} times the mean of the {@code window} differences
 * on either side; the plain difference at least {@code minContent} and a local maximum; the colour
 * distribution must change; and motion must not explain the change. A low-contrast cut in calm
 * footage stands out against near-zero neighbours; fast motion and blur raise the plain differences
 * of the neighbours as much as the frame's own, but not their motion-compensated ones; a pan, a
 * shake or a camera jump keeps the histogram or is explained by motion.
 */
public final class AdaptiveDetector implements ShotDetector {
    private final double ratio;
    private final double minContent;
    private final int window;
    private final double minHistogramChange;

    public AdaptiveDetector(
            double ratio, double minContent, int window, double minHistogramChange) {
        this.ratio = ratio;
        this.minContent = minContent;
        this.window = window;
        this.minHistogramChange = minHistogramChange;
    }

    public static AdaptiveDetector defaults() {
        return new AdaptiveDetector(3.0, 8.0, 2, 0.15);
    }

    /**
     * A change that motion or light explains leaves less than this residual after motion
     * compensation (mean absolute difference per pixel and colour, 0-255): a camera jump, a shake,
     * a lighting change. It is twice the residual that film grain and compression noise leave in
     * still shots of the real footage (up to 4.3); the real cuts there leave 26 to 82, the camera
     * jump and the light change in Big Buck Bunny 4.1 and 3.7.
     */
    static final double MIN_MOTION_RESIDUAL = 8.0;

    @Override
    public List<ShotBoundary> detect(VideoSignals s) {
        List<ShotBoundary> out = new ArrayList<>();
        for (int i = 1; i < s.frameCount(); i++) {
            boolean compensated = s.motionDiff[i] >= 0;
            double score =
                    compensated
                            ? Math.max(adaptiveScore(s.diff1, i), adaptiveScore(s.motionDiff, i))
                            : adaptiveScore(s.diff1, i);
            if (s.diff1[i] >= minContent
                    && score >= ratio
                    && s.hist1[i] >= minHistogramChange
                    && (!compensated || s.motionDiff[i] >= MIN_MOTION_RESIDUAL)
                    && isLocalMax(s, i)) {
                out.add(ShotDetector.boundary(s, i, ShotKind.CUT, (float) score));
            }
        }
        return out;
    }

    /** The frame's difference over the mean difference of its neighbours. */
    double adaptiveScore(float[] diff, int i) {
        double sum = 0;
        int n = 0;
        for (int j = i - window; j <= i + window; j++) {
            if (j != i && j >= 1 && j < diff.length) {
                sum += diff[j];
                n++;
            }
        }
        double mean = n == 0 ? 0 : sum / n;
        return diff[i] / Math.max(mean, 1.0);
    }

    private static boolean isLocalMax(VideoSignals s, int i) {
        return (i + 1 >= s.frameCount() || s.diff1[i] >= s.diff1[i + 1])
                && s.diff1[i] >= s.diff1[i - 1];
    }
}
