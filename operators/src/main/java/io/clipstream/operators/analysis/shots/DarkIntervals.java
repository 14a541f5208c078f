package io.clipstream.operators.analysis.shots;

import io.clipstream.schemas.ShotBoundary;
import io.clipstream.schemas.ShotKind;
import java.util.ArrayList;
import java.util.List;

/**
 * Dark intervals (black frames, title cards on black) and the fades into and out of them. A dark
 * frame has at least {@code darkShare} of its pixels at most 25 of 255 (ffmpeg blackdetect's black
 * pixel; the share leaves room for the text of a title card).
 *
 * <ul>
 *   <li>A short dark interval (under a second) between two pictures is a dip to black: one fade, in
 *       its middle.
 *   <li>A longer one is a shot of its own: a boundary where it begins (the first dark frame) and
 *       one where the picture begins again (the first frame that is not dark), each a hard cut when
 *       the brightness jumps there and a fade when it ramps over several frames.
 *   <li>Dark intervals at the very start or end separate nothing: a film that fades in from black
 *       has no boundary there.
 * </ul>
 *
 * Every frame on a fade ramp belongs to the fade: other detectors' cuts and dissolves there are the
 * fade seen through other features, and are dropped.
 */
final class DarkIntervals {
    /** Longest fade ramp followed, in seconds. */
    private static final double MAX_RAMP_SECONDS = 2.0;

    /** Brightness must move by this much over two frames (0-255) for a frame to be on a ramp. */
    private static final float RAMP_STEP = 0.3f;

    /**
     * One interval: dark frames {@code [first, last]}, ramps from {@code fadeFrom} to {@code
     * fadeTo}.
     */
    record Interval(int first, int last, int fadeFrom, int fadeTo) {
        boolean atStart() {
            return first == 0;
        }
    }

    private final List<Interval> intervals;
    private final List<ShotBoundary> boundaries;

    private DarkIntervals(List<Interval> intervals, List<ShotBoundary> boundaries) {
        this.intervals = intervals;
        this.boundaries = boundaries;
    }

    static DarkIntervals find(VideoSignals s, double darkShare, FadeDetector middles) {
        int n = s.frameCount();
        double fps = s.fps();
        int minShot = Math.max(2, (int) Math.round(fps));
        int maxRamp = Math.max(2, (int) Math.round(fps * MAX_RAMP_SECONDS));
        List<Interval> intervals = new ArrayList<>();
        List<ShotBoundary> boundaries = new ArrayList<>();
        int i = 0;
        while (i < n) {
            if (s.darkShare[i] < darkShare) {
                i++;
                continue;
            }
            int first = i;
            while (i + 1 < n && s.darkShare[i + 1] >= darkShare) {
                i++;
            }
            int last = i++;
            // A ramp keeps moving over any three frames: a frame repeated by a frame-rate
            // conversion (24 to 30 fps repeats every fourth) does not end it.
            int from = first;
            while (from - 1 >= 0
                    && first - from < maxRamp
                    && s.luma[from - 1] > s.luma[Math.min(first, from + 1)] + RAMP_STEP) {
                from--;
            }
            int to = last;
            while (to + 1 < n
                    && to - last < maxRamp
                    && s.luma[to + 1] > s.luma[Math.max(last, to - 1)] + RAMP_STEP) {
                to++;
            }
            Interval dark = new Interval(first, last, from, to);
            intervals.add(dark);
            if (first == 0 || last == n - 1) {
                continue;
            }
            if (last - first + 1 < minShot) {
                int middle = middles.middle(s, first, last);
                boundaries.add(ShotDetector.boundary(s, middle, ShotKind.FADE, last - first + 1));
            } else {
                // the entry ramp ends at the first dark frame; one step (first - 1 to first) is a
                // cut
                boundaries.add(
                        ShotDetector.boundary(
                                s,
                                first,
                                jump(s.luma[first - 1], s.luma[first], s.luma[from]),
                                first - from));
                boundaries.add(
                        ShotDetector.boundary(
                                s,
                                last + 1,
                                jump(s.luma[last + 1], s.luma[last], s.luma[to]),
                                to - last));
            }
        }
        return new DarkIntervals(intervals, boundaries);
    }

    /**
     * A cut when one step, between the dark frame and its bright neighbour, makes most of the
     * brightness change of the whole ramp; a fade when it is spread over the ramp.
     */
    private static ShotKind jump(float bright, float dark, float rampEnd) {
        return bright - dark >= 0.5 * (rampEnd - dark) ? ShotKind.CUT : ShotKind.FADE;
    }

    List<ShotBoundary> boundaries() {
        return boundaries;
    }

    /** Whether a frame lies on a dark interval or its ramps, give or take {@code margin} frames. */
    boolean covers(int frame, int margin) {
        for (Interval d : intervals) {
            if (frame >= d.fadeFrom() - margin && frame <= d.fadeTo() + margin) {
                return true;
            }
        }
        return false;
    }
}
