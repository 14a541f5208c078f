package io.clipstream.operators.render;

/**
 * Loudness and true peak after ITU-R BS.1770-4 / EBU R128, for 48 kHz audio in planar float
 * channels (full scale 1.0): K-weighting (the standard's two biquads for 48 kHz), 400 ms blocks
 * every 100 ms, the absolute gate at -70 LUFS and the relative gate 10 LU under the mean of the
 * blocks above it. True peak is the highest magnitude of the signal upsampled four times with a
 * windowed-sinc interpolator (the standard's method; its reference filter is one of many that meet
 * the spec).
 */
public final class LoudnessMeter {
    public static final int RATE = 48_000;

    /** What {@link #integrated} returns when no block passes the absolute gate. */
    public static final double SILENT = -70.0;

    private LoudnessMeter() {}

    /** Integrated loudness in LUFS, or {@link #SILENT} for silence. */
    public static double integrated(float[][] channels) {
        int n = channels[0].length;
        int block = RATE * 4 / 10;
        int step = RATE / 10;
        if (n < block) {
            block = n; // shorter than one block: measure what there is as one block
            step = Math.max(1, n);
        }
        if (n == 0) {
            return SILENT;
        }
        // per-100 ms sums of the K-weighted squares, per channel summed; filtered sample by sample,
        // so measuring needs no copy of the clip's length
        int quarters = (n + step - 1) / step;
        double[] sums = new double[quarters];
        for (float[] ch : channels) {
            // K-weighting of BS.1770 at 48 kHz: a high shelf (s), then a high-pass (h)
            double sx1 = 0, sx2 = 0, sy1 = 0, sy2 = 0, hy1 = 0, hy2 = 0;
            for (int i = 0; i < n; i++) {
                double x = ch[i];
                double y =
                        1.53512485958697 * x
                                + -2.69169618940638 * sx1
                                + 1.19839281085285 * sx2
                                - -1.69065929318241 * sy1
                                - 0.73248077421585 * sy2;
                sx2 = sx1;
                sx1 = x;
                double z = y - 2 * sy1 + sy2 + 1.99004745483398 * hy1 - 0.99007225036621 * hy2;
                sy2 = sy1;
                sy1 = y;
                hy2 = hy1;
                hy1 = z;
                sums[i / step] += z * z;
            }
        }
        int perBlock = Math.max(1, block / step);
        int blocks = Math.max(1, quarters - perBlock + 1);
        double[] z = new double[blocks];
        for (int b = 0; b < blocks; b++) {
            double s = 0;
            for (int q = b; q < Math.min(quarters, b + perBlock); q++) {
                s += sums[q];
            }
            z[b] = s / block;
        }
        double sum = 0;
        int count = 0;
        for (double v : z) {
            if (lufs(v) > -70) {
                sum += v;
                count++;
            }
        }
        if (count == 0) {
            return SILENT;
        }
        double relative = lufs(sum / count) - 10;
        sum = 0;
        count = 0;
        for (double v : z) {
            double l = lufs(v);
            if (l > -70 && l > relative) {
                sum += v;
                count++;
            }
        }
        return count == 0 ? SILENT : lufs(sum / count);
    }

    private static double lufs(double meanSquare) {
        return meanSquare <= 0 ? -200 : -0.691 + 10 * Math.log10(meanSquare);
    }

    /** Phases of the true-peak interpolator. */
    static final int OVERSAMPLE = 4;

    /** Taps per phase. */
    private static final int TAPS = 24;

    private static final double[][] PHASES = interpolator();

    /** A Hann-windowed sinc low-pass at the original Nyquist rate, split into its four phases. */
    private static double[][] interpolator() {
        double[][] phases = new double[OVERSAMPLE][TAPS];
        int half = TAPS / 2;
        for (int p = 0; p < OVERSAMPLE; p++) {
            double frac = (double) p / OVERSAMPLE;
            for (int t = 0; t < TAPS; t++) {
                double x = t - half + 1 - frac; // distance from the interpolated point, in samples
                double sinc = Math.abs(x) < 1e-12 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
                double w = 0.5 + 0.5 * Math.cos(Math.PI * x / (half + 1));
                phases[p][t] = sinc * w;
            }
        }
        return phases;
    }

    /**
     * The oversampled magnitude around sample {@code i} of {@code x[0, length)}: the highest of the
     * sample and the three points interpolated after it (samples outside count as silence).
     */
    static float peakAround(float[] x, int length, int i) {
        int half = TAPS / 2;
        double peak = Math.abs(x[i]);
        for (int p = 1; p < OVERSAMPLE; p++) {
            double v = 0;
            double[] h = PHASES[p];
            for (int t = 0; t < TAPS; t++) {
                int j = i + t - half + 1;
                if (j >= 0 && j < length) {
                    v += h[t] * x[j];
                }
            }
            peak = Math.max(peak, Math.abs(v));
        }
        return (float) peak;
    }

    /** True peak in dBTP over all channels; -200 for silence. */
    public static double truePeak(float[][] channels) {
        double peak = 0;
        for (float[] ch : channels) {
            for (int i = 0; i < ch.length; i++) {
                peak = Math.max(peak, peakAround(ch, ch.length, i));
            }
        }
        return decibels(peak);
    }

    private static double decibels(double peak) {
        return peak <= 0 ? -200 : 20 * Math.log10(peak);
    }

    /**
     * True peak of sound that arrives in pieces (a decoder's frames), per channel, without holding
     * it: each sample is measured once the interpolator's taps after it have arrived, with the
     * figures of {@link #truePeak} over the whole.
     */
    static final class PeakTracker {
        private static final int BEFORE = TAPS / 2 - 1; // taps before the sample measured
        private static final int AFTER = TAPS / 2; // and after it
        private final float[][] pending;
        private final int[] length; // samples held per channel
        private final long[] start; // index in the whole sound of pending[c][0]
        private final long[] next; // index in the whole sound of the next sample to measure
        private double peak;

        PeakTracker(int channels) {
            pending = new float[channels][4096];
            length = new int[channels];
            start = new long[channels];
            next = new long[channels];
        }

        void add(int channel, java.nio.FloatBuffer samples) {
            int n = samples.remaining();
            float[] buf = pending[channel];
            if (length[channel] + n > buf.length) {
                buf = java.util.Arrays.copyOf(buf, Math.max(2 * buf.length, length[channel] + n));
                pending[channel] = buf;
            }
            samples.duplicate().get(buf, length[channel], n);
            length[channel] += n;
            measure(channel, false);
        }

        /** The true peak in dBTP once every piece is in; -200 for silence. */
        double finish() {
            for (int c = 0; c < pending.length; c++) {
                measure(c, true);
            }
            return decibels(peak);
        }

        private void measure(int c, boolean end) {
            float[] buf = pending[c];
            int held = length[c];
            // measured once the taps after a sample are in (or the sound has ended: silence after
            // it); the taps before it are held, or lie before the sound's start: silence, as in
            // truePeak over the whole
            int i = (int) (next[c] - start[c]);
            int last = end ? held : held - AFTER;
            for (; i < last; i++) {
                peak = Math.max(peak, peakAround(buf, held, i));
            }
            next[c] = start[c] + i;
            int keepFrom = Math.max(0, i - BEFORE);
            if (keepFrom > 0) {
                System.arraycopy(buf, keepFrom, buf, 0, held - keepFrom);
                length[c] = held - keepFrom;
                start[c] += keepFrom;
            }
        }
    }
}
