package io.clipstream.operators.analysis.shots;

import io.clipstream.schemas.FrameSignals;
import java.util.ArrayList;
import java.util.List;

/**
 * Computes each frame's visual features from that frame and the {@code lag} frames before it: HSV
 * differences to the frames 1 to 4 and {@code lag} back, mean brightness, and hue-saturation
 * histogram distances. Nothing looks ahead, so a segment that is decoded from {@code lag} frames
 * before its first own frame produces exactly the values of a whole-file pass.
 */
public final class FrameFeatureExtractor {
    static final int HUE_BINS = 16;
    static final int SAT_BINS = 4;

    /**
     * Plain differences below this (half the default smallest difference of a cut) are not
     * motion-compensated: such a frame can never be a cut, and block matching is the costliest
     * feature. Its plain difference stands in, as the neighbour of a candidate.
     */
    static final float MOTION_FROM = 4f;

    private final int lag;
    private final int width;
    private final byte[][] hsvRing;
    private final float[][] histRing;
    private final long[] frameRing;
    private final float[][] thumbRing;
    private final List<Float> darkShares = new ArrayList<>();
    private final List<Float> motionDiffs = new ArrayList<>();
    private final float[][] greyRing;
    private final List<Float> returnDiffs = new ArrayList<>();
    private long firstAccepted = -1;

    private final List<Long> times = new ArrayList<>();
    private final List<float[]> rows = new ArrayList<>();
    private long firstEmitted = -1;

    /**
     * @param lag frames of look-back (see {@link #lagFor})
     * @param width width in pixels of the frames that will be fed
     */
    public FrameFeatureExtractor(int lag, int width) {
        this.width = width;
        if (lag < 4) {
            throw new IllegalArgumentException("lag must be at least 4 frames");
        }
        this.lag = lag;
        this.hsvRing = new byte[lag + 1][];
        this.histRing = new float[lag + 1][];
        this.frameRing = new long[lag + 1];
        this.thumbRing = new float[lag + 1][];
        this.greyRing = new float[lag + 1][];
    }

    /** The lag used at a frame rate: 0.4 s, at least 4 frames. */
    public static int lagFor(double fps) {
        return Math.max(4, (int) Math.round(fps * 0.4));
    }

    public int lag() {
        return lag;
    }

    /**
     * Feeds the next frame (packed BGR, all frames the same size, consecutive indices).
     *
     * @param emit whether this frame's features are part of the output; context frames are fed only
     *     so later frames can look back at them
     */
    public void accept(byte[] bgr, long frame, long timeUs, boolean emit) {
        if (firstAccepted < 0) {
            firstAccepted = frame;
        }
        int slot = (int) (frame % (lag + 1));
        if (hsvRing[slot] == null || hsvRing[slot].length != bgr.length) {
            hsvRing[slot] = new byte[bgr.length];
            histRing[slot] = new float[HUE_BINS * SAT_BINS];
        }
        byte[] hsv = hsvRing[slot];
        float luma = toHsv(bgr, hsv);
        histogram(hsv, histRing[slot]);
        greyRing[slot] = MotionCompensation.grey(bgr, width, greyRing[slot]);
        thumbRing[slot] = Thumbnail.of(greyRing[slot], thumbRing[slot]);
        frameRing[slot] = frame;
        if (!emit) {
            return;
        }
        if (firstEmitted < 0) {
            firstEmitted = frame;
        } else if (frame != firstEmitted + rows.size()) {
            throw new IllegalStateException(
                    "frames must be consecutive: got "
                            + frame
                            + " after "
                            + (firstEmitted + rows.size() - 1));
        }
        float[] row = new float[8];
        differences(frame, row);
        row[5] = luma;
        row[6] = histDistance(frame, 1);
        row[7] = histDistance(frame, lag);
        rows.add(row);
        times.add(timeUs);
        darkShares.add(darkShare(hsv));
        // Block matching costs more than decoding a small frame; a frame that barely changed
        // cannot be a cut, so its plain difference stands in for the compensated one.
        motionDiffs.add(
                back(frame, 1) == null || row[0] < MOTION_FROM
                        ? row[0]
                        : MotionCompensation.difference(
                                greyRing[(int) ((frame - 1) % (lag + 1))], greyRing[slot]));
        for (int k = 1; k <= lag; k++) {
            returnDiffs.add(
                    back(frame, k) == null
                            ? 0f
                            : Thumbnail.difference(
                                    thumbRing[(int) ((frame - k) % (lag + 1))], thumbRing[slot]));
        }
    }

    /** The features of the emitted frames, or null when none was emitted. */
    public FrameSignals signals() {
        if (rows.isEmpty()) {
            return null;
        }
        List<List<Float>> columns = new ArrayList<>();
        for (int c = 0; c < 8; c++) {
            List<Float> column = new ArrayList<>(rows.size());
            for (float[] row : rows) {
                column.add(row[c]);
            }
            columns.add(column);
        }
        return FrameSignals.newBuilder()
                .setFirstFrame(firstEmitted)
                .setLag(lag)
                .setTimesUs(new ArrayList<>(times))
                .setDiff1(columns.get(0))
                .setDiff2(columns.get(1))
                .setDiff3(columns.get(2))
                .setDiff4(columns.get(3))
                .setDiffLag(columns.get(4))
                .setLuma(columns.get(5))
                .setHist1(columns.get(6))
                .setHistLag(columns.get(7))
                .setDarkShare(new ArrayList<>(darkShares))
                .setMotionDiff(new ArrayList<>(motionDiffs))
                .setReturnDiffs(new ArrayList<>(returnDiffs))
                .build();
    }

    private byte[] back(long frame, int k) {
        long f = frame - k;
        if (f < firstAccepted || f < 0) {
            return null;
        }
        int slot = (int) (f % (lag + 1));
        return frameRing[slot] == f ? hsvRing[slot] : null;
    }

    /**
     * The HSV differences to the frames 1 to 4 and {@code lag} back, into {@code row[0..4]}, in one
     * pass over the current frame's pixels (0 where a frame is missing).
     */
    private void differences(long frame, float[] row) {
        byte[] current = hsvRing[(int) (frame % (lag + 1))];
        int[] ks = {1, 2, 3, 4, lag};
        byte[][] before = new byte[5][];
        for (int j = 0; j < 5; j++) {
            before[j] = back(frame, ks[j]);
        }
        long[] sums = new long[5];
        for (int i = 0; i < current.length; i += 3) {
            int h = current[i] & 0xff;
            int sat = current[i + 1] & 0xff;
            int v = current[i + 2] & 0xff;
            for (int j = 0; j < 5; j++) {
                byte[] b = before[j];
                if (b != null) {
                    int dh = Math.abs(h - (b[i] & 0xff));
                    sums[j] +=
                            Math.min(dh, 180 - dh)
                                    + Math.abs(sat - (b[i + 1] & 0xff))
                                    + Math.abs(v - (b[i + 2] & 0xff));
                }
            }
        }
        double n = 3.0 * (current.length / 3);
        for (int j = 0; j < 5; j++) {
            row[j] = before[j] == null ? 0f : (float) (sums[j] / n);
        }
    }

    private float difference(long frame, int k) {
        byte[] before = back(frame, k);
        return before == null
                ? 0f
                : (float) hsvDifference(before, hsvRing[(int) (frame % (lag + 1))]);
    }

    private float histDistance(long frame, int k) {
        long f = frame - k;
        if (back(frame, k) == null) {
            return 0f;
        }
        float[] a = histRing[(int) (f % (lag + 1))];
        float[] b = histRing[(int) (frame % (lag + 1))];
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.abs(a[i] - b[i]);
        }
        return (float) (sum / 2);
    }

    /** Share of pixels whose value is at most 25 of 255: ffmpeg blackdetect's "black" pixel. */
    static float darkShare(byte[] hsv) {
        int dark = 0;
        for (int i = 2; i < hsv.length; i += 3) {
            if ((hsv[i] & 0xff) <= 25) {
                dark++;
            }
        }
        return dark / (float) (hsv.length / 3);
    }

    /** Mean of the per-channel mean absolute differences; hue on its 0-180 circle. */
    public static double hsvDifference(byte[] a, byte[] b) {
        long dh = 0;
        long ds = 0;
        long dv = 0;
        for (int i = 0; i < a.length; i += 3) {
            int h = Math.abs((a[i] & 0xff) - (b[i] & 0xff));
            dh += Math.min(h, 180 - h);
            ds += Math.abs((a[i + 1] & 0xff) - (b[i + 1] & 0xff));
            dv += Math.abs((a[i + 2] & 0xff) - (b[i + 2] & 0xff));
        }
        return (dh + ds + dv) / (3.0 * (a.length / 3));
    }

    /** BGR to HSV with hue in [0,180), as OpenCV defines it; returns the mean V. */
    static float toHsv(byte[] bgr, byte[] hsv) {
        long sumV = 0;
        for (int i = 0; i < bgr.length; i += 3) {
            int b = bgr[i] & 0xff;
            int g = bgr[i + 1] & 0xff;
            int r = bgr[i + 2] & 0xff;
            int max = Math.max(r, Math.max(g, b));
            int min = Math.min(r, Math.min(g, b));
            int delta = max - min;
            int h;
            if (delta == 0) {
                h = 0;
            } else if (max == r) {
                h = (30 * (g - b) / delta + 180) % 180;
            } else if (max == g) {
                h = 60 + 30 * (b - r) / delta;
            } else {
                h = 120 + 30 * (r - g) / delta;
            }
            hsv[i] = (byte) h;
            hsv[i + 1] = (byte) (max == 0 ? 0 : 255 * delta / max);
            hsv[i + 2] = (byte) max;
            sumV += max;
        }
        return (float) sumV / (bgr.length / 3);
    }

    /**
     * Normalised hue-saturation histogram. Dark pixels (V below 32) and near-grey pixels (S below
     * 24) have no meaningful hue: they count in one grey bin, so chroma noise on grey does not look
     * like a change of colours.
     */
    static void histogram(byte[] hsv, float[] hist) {
        java.util.Arrays.fill(hist, 0f);
        int n = hsv.length / 3;
        for (int i = 0; i < hsv.length; i += 3) {
            int v = hsv[i + 2] & 0xff;
            int sat = hsv[i + 1] & 0xff;
            boolean grey = v < 32 || sat < 24;
            int hueBin = grey ? 0 : (hsv[i] & 0xff) * HUE_BINS / 180;
            int satBin = grey ? 0 : sat * SAT_BINS / 256;
            hist[Math.min(HUE_BINS - 1, hueBin) * SAT_BINS + satBin] += 1f / n;
        }
    }
}
