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
        // per-100 ms sums of the K-weighted squares, per channel summed
        int quarters = (n + step - 1) / step;
        double[] sums = new double[quarters];
        for (float[] ch : channels) {
            double[] weighted = kWeighted(ch);
            for (int i = 0; i < n; i++) {
                sums[i / step] += weighted[i] * weighted[i];
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

    /** The K-weighting of BS.1770 at 48 kHz: a high shelf, then a high-pass. */
    static double[] kWeighted(float[] x) {
        double[] y =
                biquad(
                        x,
                        1.53512485958697,
                        -2.69169618940638,
                        1.19839281085285,
                        -1.69065929318241,
                        0.73248077421585);
        double[] z = new double[y.length];
        double x1 = 0, x2 = 0, y1 = 0, y2 = 0;
        for (int i = 0; i < y.length; i++) {
            double v = y[i] - 2 * x1 + x2 + 1.99004745483398 * y1 - 0.99007225036621 * y2;
            x2 = x1;
            x1 = y[i];
            y2 = y1;
            y1 = v;
            z[i] = v;
        }
        return z;
    }

    private static double[] biquad(
            float[] x, double b0, double b1, double b2, double a1, double a2) {
        double[] y = new double[x.length];
        double x1 = 0, x2 = 0, y1 = 0, y2 = 0;
        for (int i = 0; i < x.length; i++) {
            double v = b0 * x[i] + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
            x2 = x1;
            x1 = x[i];
            y2 = y1;
            y1 = v;
            y[i] = v;
        }
        return y;
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
     * The oversampled magnitude around each sample: the highest of the sample and the three points
     * interpolated after it.
     */
    static float[] peakEnvelope(float[] x) {
        float[] env = new float[x.length];
        int half = TAPS / 2;
        for (int i = 0; i < x.length; i++) {
            double peak = Math.abs(x[i]);
            for (int p = 1; p < OVERSAMPLE; p++) {
                double v = 0;
                double[] h = PHASES[p];
                for (int t = 0; t < TAPS; t++) {
                    int j = i + t - half + 1;
                    if (j >= 0 && j < x.length) {
                        v += h[t] * x[j];
                    }
                }
                peak = Math.max(peak, Math.abs(v));
            }
            env[i] = (float) peak;
        }
        return env;
    }

    /** True peak in dBTP over all channels; -200 for silence. */
    public static double truePeak(float[][] channels) {
        double peak = 0;
        for (float[] ch : channels) {
            for (float v : peakEnvelope(ch)) {
                peak = Math.max(peak, v);
            }
        }
        return peak <= 0 ? -200 : 20 * Math.log10(peak);
    }
}
