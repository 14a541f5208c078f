package io.clipstream.operators.analysis;

import io.clipstream.operators.media.Wav16kMono;

/**
 * EBU R128 momentary loudness at 16 kHz: the ITU-R BS.1770 K-weighting (a high shelf, then a high
 * pass), with its biquads derived for 16 kHz from the analogue prototypes, and the mean square over
 * 400 ms in LUFS.
 */
final class Loudness {
    private static final int MOMENTARY_SAMPLES = Wav16kMono.SAMPLE_RATE * 400 / 1000;

    private Loudness() {}

    /**
     * Running sum of the squared K-weighted signal (BS.1770: a high shelf then a high pass, their
     * biquads derived for 16 kHz from the analogue prototypes), normalised to full scale 1.
     */
    static double[] squarePrefix(short[] samples) {
        double fs = Wav16kMono.SAMPLE_RATE;
        double k = Math.tan(Math.PI * 1681.974450955533 / fs);
        double q = 0.7071752369554196;
        double vh = Math.pow(10, 3.999843853973347 / 20);
        double vb = Math.pow(vh, 0.4996667741545416);
        double a0 = 1 + k / q + k * k;
        double[] shelfB = {
            (vh + vb * k / q + k * k) / a0, 2 * (k * k - vh) / a0, (vh - vb * k / q + k * k) / a0
        };
        double[] shelfA = {2 * (k * k - 1) / a0, (1 - k / q + k * k) / a0};
        k = Math.tan(Math.PI * 38.13547087602444 / fs);
        q = 0.5003270373238773;
        a0 = 1 + k / q + k * k;
        double[] passA = {2 * (k * k - 1) / a0, (1 - k / q + k * k) / a0};
        double[] prefix = new double[samples.length + 1];
        double x1 = 0, x2 = 0, y1 = 0, y2 = 0, z1 = 0, z2 = 0;
        for (int i = 0; i < samples.length; i++) {
            double x = samples[i] / 32768.0;
            double y =
                    shelfB[0] * x
                            + shelfB[1] * x1
                            + shelfB[2] * x2
                            - shelfA[0] * y1
                            - shelfA[1] * y2;
            x2 = x1;
            x1 = x;
            // the high pass: numerator 1, -2, 1 (normalised gain ~1 in the pass band)
            double z = y - 2 * y1 + y2 - passA[0] * z1 - passA[1] * z2;
            y2 = y1;
            y1 = y;
            z2 = z1;
            z1 = z;
            prefix[i + 1] = prefix[i] + z * z;
        }
        return prefix;
    }

    /** Momentary loudness of the 400 ms centred on a sample; silence outside the audio. */
    static float momentary(double[] squarePrefix, int centre) {
        int from = Math.max(0, centre - MOMENTARY_SAMPLES / 2);
        int to = Math.min(squarePrefix.length - 1, centre + MOMENTARY_SAMPLES / 2);
        if (to <= from) {
            return AudioFeatures.SILENCE_DB;
        }
        double meanSquare = (squarePrefix[to] - squarePrefix[from]) / MOMENTARY_SAMPLES;
        if (meanSquare <= 1e-10) {
            return AudioFeatures.SILENCE_DB;
        }
        return (float) Math.max(AudioFeatures.SILENCE_DB, -0.691 + 10 * Math.log10(meanSquare));
    }
}
