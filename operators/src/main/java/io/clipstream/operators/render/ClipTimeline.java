package io.clipstream.operators.render;

import io.clipstream.schemas.ClipPlan;
import io.clipstream.schemas.TimeSpan;
import java.util.ArrayList;
import java.util.List;

/**
 * The finished clip's timeline: the plan's kept intervals, each widened to whole source frames (its
 * first frame is the one showing at its start, its last the one showing just before its end, so no
 * kept word is shortened by rounding), played back to back. Above 60 fps every n-th source frame is
 * shown, n the smallest that brings the rate to 60 or below.
 */
public final class ClipTimeline {
    /** The highest output frame rate: what the vertical-video platforms accept. */
    public static final double MAX_FPS = 60.0;

    /** Times are whole microseconds: a frame's time may be off its exact place by this much. */
    private static final double FRAME_SLACK = 1e-3;

    private final double sourceFps;
    private final int stride;
    private final long[] from;
    private final long[] to;
    private final long[] outStart;
    private final long frames;

    private ClipTimeline(double sourceFps, List<long[]> pieces) {
        this.sourceFps = sourceFps;
        this.stride = (int) Math.max(1, Math.ceil(sourceFps / MAX_FPS - 1e-9));
        int n = pieces.size();
        from = new long[n];
        to = new long[n];
        outStart = new long[n];
        long at = 0;
        for (int i = 0; i < n; i++) {
            from[i] = pieces.get(i)[0];
            to[i] = pieces.get(i)[1];
            outStart[i] = at;
            at += (to[i] - from[i] + stride - 1) / stride;
        }
        frames = at;
    }

    /** The plan's timeline: its kept intervals inside {@code [startFrame, endFrame)}. */
    public static ClipTimeline of(ClipPlan plan) {
        double fps = plan.getStream().getFps();
        List<long[]> pieces = new ArrayList<>();
        List<TimeSpan> kept = plan.getKeptIntervals();
        if (kept == null || kept.isEmpty()) {
            kept = List.of(new TimeSpan(plan.getStartUs(), plan.getEndUs()));
        }
        for (TimeSpan span : kept) {
            long a =
                    Math.max(
                            plan.getStartFrame(),
                            (long) Math.floor(span.getStartUs() * fps / 1e6 + FRAME_SLACK));
            long b =
                    Math.min(
                            plan.getEndFrame(),
                            (long) Math.ceil(span.getEndUs() * fps / 1e6 - FRAME_SLACK));
            if (b <= a) {
                continue;
            }
            long[] last = pieces.isEmpty() ? null : pieces.get(pieces.size() - 1);
            if (last != null && a <= last[1]) {
                last[1] = Math.max(last[1], b);
            } else {
                pieces.add(new long[] {a, b});
            }
        }
        if (pieces.isEmpty()) {
            pieces.add(new long[] {plan.getStartFrame(), plan.getEndFrame()});
        }
        return new ClipTimeline(fps, pieces);
    }

    /** A timeline over explicit source frame ranges {@code [from, to)}, in order. */
    static ClipTimeline ofFrames(double fps, List<long[]> ranges) {
        return new ClipTimeline(fps, ranges);
    }

    public double sourceFps() {
        return sourceFps;
    }

    public double outputFps() {
        return sourceFps / stride;
    }

    /** Frames of the finished clip. */
    public long frames() {
        return frames;
    }

    public long durationUs() {
        return Math.round(frames * 1e6 / outputFps());
    }

    public int pieces() {
        return from.length;
    }

    /** First source frame of piece i. */
    public long pieceFrom(int i) {
        return from[i];
    }

    /** Output frames of piece i. */
    public long pieceFrames(int i) {
        return (to[i] - from[i] + stride - 1) / stride;
    }

    /** Source time at which piece i starts. */
    public long pieceSourceStartUs(int i) {
        return Math.round(from[i] * 1e6 / sourceFps);
    }

    /** Clip time at which piece i starts. */
    public long pieceOutputStartUs(int i) {
        return Math.round(outStart[i] * 1e6 / outputFps());
    }

    /** Clip time at which piece i ends (the next one starts). */
    public long pieceOutputEndUs(int i) {
        return Math.round((outStart[i] + pieceFrames(i)) * 1e6 / outputFps());
    }

    /** The source frame shown as output frame k. */
    public long sourceFrame(long k) {
        int i = pieceOfOutputFrame(k);
        return from[i] + (k - outStart[i]) * stride;
    }

    private int pieceOfOutputFrame(long k) {
        int lo = 0;
        int hi = from.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (outStart[mid] <= k) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /** The source time of the frame shown at output frame k. */
    public long sourceUsOfFrame(long k) {
        return Math.round(sourceFrame(k) * 1e6 / sourceFps);
    }

    /**
     * Where a source time lands on the clip's timeline: inside a kept piece, its place there; in a
     * cut, the join that replaced the cut; before the first or after the last piece, clamped to the
     * clip.
     */
    public long toClipUs(long sourceUs) {
        for (int i = 0; i < from.length; i++) {
            long start = pieceSourceStartUs(i);
            long end = Math.round(to[i] * 1e6 / sourceFps);
            if (sourceUs < start) {
                return pieceOutputStartUs(i);
            }
            if (sourceUs < end) {
                return Math.min(pieceOutputEndUs(i), pieceOutputStartUs(i) + sourceUs - start);
            }
        }
        return durationUs();
    }

    /** Whether a source time is kept (not in a cut). */
    public boolean kept(long sourceUs) {
        for (int i = 0; i < from.length; i++) {
            if (sourceUs >= pieceSourceStartUs(i)
                    && sourceUs < Math.round(to[i] * 1e6 / sourceFps)) {
                return true;
            }
        }
        return false;
    }
}
