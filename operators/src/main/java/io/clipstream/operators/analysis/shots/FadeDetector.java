package io.clipstream.operators.analysis.shots;

import io.clipstream.schemas.ShotBoundary;
import io.clipstream.schemas.ShotKind;
import java.util.ArrayList;
import java.util.List;

/**
 * Fades to and from black: a run of frames darker than {@code blackLevel} between two pictures is
 * one boundary, placed at the middle of the dark run ({@code (first + last + 1) / 2}). Dark runs at
 * the very start or end of the video separate nothing and are ignored.
 */
public final class FadeDetector implements ShotDetector {
    private final float blackLevel;

    public FadeDetector(float blackLevel) {
        this.blackLevel = blackLevel;
    }

    public static FadeDetector defaults() {
        return new FadeDetector(20f);
    }

    @Override
    public List<ShotBoundary> detect(VideoSignals s) {
        List<ShotBoundary> out = new ArrayList<>();
        for (int[] run : blackRuns(s)) {
            if (run[0] == 0 || run[1] == s.frameCount() - 1) {
                continue;
            }
            int middle = middle(s, run[0], run[1]);
            out.add(ShotDetector.boundary(s, middle, ShotKind.FADE, run[1] - run[0] + 1));
        }
        return out;
    }

    /**
     * The middle of a dark run {@code [a, b]}: where brightness crosses the black level on each
     * side, interpolated between frames, then rounded the way the integer middle {@code (a + b + 1)
     * / 2} is. A frame whose brightness sits right at the black level moves the result by a
     * hundredth of a frame rather than a whole frame.
     */
    int middle(VideoSignals s, int a, int b) {
        double left =
                a - 1 + (s.luma[a - 1] - blackLevel) / Math.max(1e-3, s.luma[a - 1] - s.luma[a]);
        double right = b + (blackLevel - s.luma[b]) / Math.max(1e-3, s.luma[b + 1] - s.luma[b]);
        double mid = (left + right) / 2;
        return (int) Math.ceil(mid - 0.25);
    }

    /** Inclusive [first, last] runs of dark frames. */
    public List<int[]> blackRuns(VideoSignals s) {
        List<int[]> runs = new ArrayList<>();
        int start = -1;
        for (int i = 0; i < s.frameCount(); i++) {
            boolean dark = s.luma[i] < blackLevel;
            if (dark && start < 0) {
                start = i;
            } else if (!dark && start >= 0) {
                runs.add(new int[] {start, i - 1});
                start = -1;
            }
        }
        if (start >= 0) {
            runs.add(new int[] {start, s.frameCount() - 1});
        }
        return runs;
    }
}
