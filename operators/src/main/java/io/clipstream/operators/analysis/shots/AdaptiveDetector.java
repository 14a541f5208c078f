package io.clipstream.operators.analysis.shots;

import io.clipstream.schemas.ShotBoundary;
import io.clipstream.schemas.ShotKind;
import java.util.ArrayList;
import java.util.List;

/**
 * Hard cuts judged against their neighbourhood: a frame's difference to its predecessor must be
 * {@code ratio} times the mean of the {@code window} differences on either side, at least {@code
 * minContent}, a local maximum, and come with a change of colour distribution. A low-contrast cut
 * in calm footage stands out against near-zero neighbours; fast motion raises the neighbours as
 * much as the frame itself, and a pan or shake keeps the colour histogram.
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

    @Override
    public List<ShotBoundary> detect(VideoSignals s) {
        List<ShotBoundary> out = new ArrayList<>();
        for (int i = 1; i < s.frameCount(); i++) {
            double score = adaptiveScore(s, i);
            if (s.diff1[i] >= minContent
                    && score >= ratio
                    && s.hist1[i] >= minHistogramChange
                    && isLocalMax(s, i)) {
                out.add(ShotDetector.boundary(s, i, ShotKind.CUT, (float) score));
            }
        }
        return out;
    }

    /** The frame's difference over the mean difference of its neighbours. */
    double adaptiveScore(VideoSignals s, int i) {
        double sum = 0;
        int n = 0;
        for (int j = i - window; j <= i + window; j++) {
            if (j != i && j >= 1 && j < s.frameCount()) {
                sum += s.diff1[j];
                n++;
            }
        }
        double mean = n == 0 ? 0 : sum / n;
        return s.diff1[i] / Math.max(mean, 1.0);
    }

    private static boolean isLocalMax(VideoSignals s, int i) {
        return (i + 1 >= s.frameCount() || s.diff1[i] >= s.diff1[i + 1])
                && s.diff1[i] >= s.diff1[i - 1];
    }
}
