package io.clipstream.operators.analysis.shots;

import io.clipstream.schemas.ShotBoundary;
import io.clipstream.schemas.ShotKind;
import java.util.ArrayList;
import java.util.List;

/**
 * Dissolves (cross-fades): over {@code lag} frames the picture changes a lot, and its colour
 * distribution with it, yet no single step makes most of the change. Contiguous frames meeting that
 * form the transition's footprint, which for a linear blend is symmetric around the dissolve's
 * middle shifted by half the lag; the boundary goes there.
 */
public final class DissolveDetector implements ShotDetector {
    private final double minChange;
    private final double minHistogramChange;
    private final double maxStepShare;
    private final int minFootprint;

    /**
     * @param minChange lagged difference a dissolve must reach
     * @param maxStepShare largest share of the lagged change one frame step may make
     * @param minFootprint fewest consecutive frames meeting the conditions
     */
    /** Lagged histogram distance a dissolve must reach. */
    static final double MIN_HISTOGRAM_CHANGE = 0.25;

    public DissolveDetector(
            double minChange, double minHistogramChange, double maxStepShare, int minFootprint) {
        this.minChange = minChange;
        this.minHistogramChange = minHistogramChange;
        this.maxStepShare = maxStepShare;
        this.minFootprint = minFootprint;
    }

    public static DissolveDetector defaults() {
        return new DissolveDetector(18.0, MIN_HISTOGRAM_CHANGE, 0.34, 4);
    }

    @Override
    public List<ShotBoundary> detect(VideoSignals s) {
        List<ShotBoundary> out = new ArrayList<>();
        int start = -1;
        double peak = 0;
        for (int i = 0; i <= s.frameCount(); i++) {
            boolean in = i < s.frameCount() && isGradualChange(s, i);
            if (in) {
                if (start < 0) {
                    start = i;
                    peak = 0;
                }
                peak = Math.max(peak, s.diffLag[i]);
            } else if (start >= 0) {
                int end = i - 1;
                if (end - start + 1 >= minFootprint) {
                    int middle = middle(s, start, end);
                    if (middle > 0 && middle < s.frameCount()) {
                        out.add(ShotDetector.boundary(s, middle, ShotKind.DISSOLVE, (float) peak));
                    }
                }
                start = -1;
            }
        }
        return out;
    }

    /**
     * The transition's middle: the centre of the half-maximum width of the lagged histogram
     * distance around the footprint, shifted back by half the lag (frame i compares i-lag with i).
     * The histogram distance is used because motion inside the shots (a pan) keeps the lagged pixel
     * difference high after the transition, but barely moves the colour distribution.
     */
    static int middle(VideoSignals s, int start, int end) {
        int top = start;
        for (int i = start; i <= end; i++) {
            if (s.histLag[i] > s.histLag[top]) {
                top = i;
            }
        }
        double half = s.histLag[top] / 2;
        int a = top;
        while (a - 1 >= Math.max(1, start - s.lag) && s.histLag[a - 1] >= half) {
            a--;
        }
        int b = top;
        while (b + 1 < Math.min(s.frameCount(), end + s.lag + 1) && s.histLag[b + 1] >= half) {
            b++;
        }
        return (int) Math.round((a + b) / 2.0 - s.lag / 2.0);
    }

    boolean isGradualChange(VideoSignals s, int i) {
        if (i < s.lag || s.diffLag[i] < minChange || s.histLag[i] < minHistogramChange) {
            return false;
        }
        float largestStep = 0;
        for (int j = i - s.lag + 1; j <= i; j++) {
            largestStep = Math.max(largestStep, s.diff1[j]);
        }
        return largestStep <= maxStepShare * s.diffLag[i];
    }
}
