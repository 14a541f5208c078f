package io.clipstream.operators.analysis.shots;

import io.clipstream.schemas.FrameSignals;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The per-frame features of a whole video, assembled from its segments, as plain arrays. */
public final class VideoSignals {
    public final int lag;
    public final long[] timesUs;
    public final float[] diff1;
    public final float[] diff2;
    public final float[] diff3;
    public final float[] diff4;
    public final float[] diffLag;
    public final float[] luma;
    public final float[] hist1;
    public final float[] histLag;
    public final float[] model;

    /** Share of near-black pixels; when the segments carried none, 1 for frames darker than 20. */
    public final float[] darkShare;

    /** Motion-compensated difference to the previous frame; -1 when the segments carried none. */
    public final float[] motionDiff;

    /** Thumbnail difference of frame i to frame i-k at {@code i * lag + k - 1}; -1 if unknown. */
    public final float[] returnDiffs;

    private VideoSignals(int lag, int n) {
        this.lag = lag;
        timesUs = new long[n];
        diff1 = new float[n];
        diff2 = new float[n];
        diff3 = new float[n];
        diff4 = new float[n];
        diffLag = new float[n];
        luma = new float[n];
        hist1 = new float[n];
        histLag = new float[n];
        model = new float[n];
        darkShare = new float[n];
        motionDiff = new float[n];
        returnDiffs = new float[n * lag];
    }

    public int frameCount() {
        return timesUs.length;
    }

    /** Mean frame rate over the frames' times (25 when there are too few to tell). */
    public double fps() {
        int n = timesUs.length;
        return n < 2 || timesUs[n - 1] <= timesUs[0]
                ? 25
                : (n - 1) * 1e6 / (timesUs[n - 1] - timesUs[0]);
    }

    /** Joins segment signals in frame order; they must cover frames 0 to n-1 without gaps. */
    public static VideoSignals of(List<FrameSignals> parts) {
        List<FrameSignals> sorted = new ArrayList<>(parts);
        sorted.sort(Comparator.comparingLong(FrameSignals::getFirstFrame));
        int n = sorted.stream().mapToInt(p -> p.getTimesUs().size()).sum();
        int lag = sorted.isEmpty() ? 4 : sorted.get(0).getLag();
        VideoSignals v = new VideoSignals(lag, n);
        int at = 0;
        for (FrameSignals p : sorted) {
            if (p.getFirstFrame() != at) {
                throw new IllegalArgumentException(
                        "frame signals have a gap or overlap at frame "
                                + at
                                + " (next part starts at "
                                + p.getFirstFrame()
                                + ")");
            }
            if (p.getLag() != lag) {
                throw new IllegalArgumentException("segments were analysed with different lags");
            }
            int size = p.getTimesUs().size();
            v.put(p, at);
            at += size;
        }
        return v;
    }

    /** One segment's signals alone, its first frame at index 0. */
    static VideoSignals ofPart(FrameSignals part) {
        VideoSignals v = new VideoSignals(part.getLag(), part.getTimesUs().size());
        v.put(part, 0);
        return v;
    }

    /**
     * Replaces frames {@code [part.firstFrame, part.firstFrame + size)} with the part's features:
     * the exact features of frames a cheaper pass only estimated.
     */
    void overwrite(FrameSignals part) {
        if (part.getLag() != lag
                || part.getFirstFrame() < 0
                || part.getFirstFrame() + part.getTimesUs().size() > frameCount()) {
            throw new IllegalArgumentException(
                    "frame signals from frame "
                            + part.getFirstFrame()
                            + " do not fit a video of "
                            + frameCount()
                            + " frames with lag "
                            + lag);
        }
        put(part, (int) part.getFirstFrame());
    }

    private void put(FrameSignals p, int at) {
        VideoSignals v = this;
        int size = p.getTimesUs().size();
        for (int i = 0; i < size; i++) {
            v.timesUs[at + i] = p.getTimesUs().get(i);
            v.diff1[at + i] = p.getDiff1().get(i);
            v.diff2[at + i] = p.getDiff2().get(i);
            v.diff3[at + i] = p.getDiff3().get(i);
            v.diff4[at + i] = p.getDiff4().get(i);
            v.diffLag[at + i] = p.getDiffLag().get(i);
            v.luma[at + i] = p.getLuma().get(i);
            v.hist1[at + i] = p.getHist1().get(i);
            v.histLag[at + i] = p.getHistLag().get(i);
            v.model[at + i] = orEmpty(p.getModel()).isEmpty() ? 0f : p.getModel().get(i);
            v.darkShare[at + i] =
                    orEmpty(p.getDarkShare()).isEmpty()
                            ? (v.luma[at + i] < 20 ? 1f : 0f)
                            : p.getDarkShare().get(i);
            v.motionDiff[at + i] =
                    orEmpty(p.getMotionDiff()).isEmpty() ? -1f : p.getMotionDiff().get(i);
            for (int k = 0; k < lag; k++) {
                v.returnDiffs[(at + i) * lag + k] =
                        orEmpty(p.getReturnDiffs()).isEmpty()
                                ? -1f
                                : p.getReturnDiffs().get(i * lag + k);
            }
        }
    }

    /**
     * Thumbnail difference between frame i and frame i-k, for k in 1..lag; -1 where it is unknown
     * (before the first frame, or from segments analysed without it).
     */
    public float returnDiff(int i, int k) {
        return i - k < 0 ? -1f : returnDiffs[i * lag + k - 1];
    }

    /**
     * An optional feature list, empty when absent: Flink's POJO serializer can hand back an empty
     * list of a record field as null.
     */
    private static List<Float> orEmpty(List<Float> values) {
        return values == null ? List.of() : values;
    }

    /** Difference between frame i and frame i-k, for k in 1..4. */
    public float diff(int i, int k) {
        return switch (k) {
            case 1 -> diff1[i];
            case 2 -> diff2[i];
            case 3 -> diff3[i];
            case 4 -> diff4[i];
            default -> throw new IllegalArgumentException("k must be 1 to 4");
        };
    }
}
