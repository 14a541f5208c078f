package io.clipstream.operators.analysis;

import io.clipstream.operators.media.Wav16kMono;

/** YIN pitch detection (de Cheveigne and Kawahara) over 40 ms of 16 kHz audio, 60 to 400 Hz. */
final class Pitch {
    private static final int YIN_FRAME = 640;
    private static final int MIN_LAG = Wav16kMono.SAMPLE_RATE / 400;
    private static final int MAX_LAG = Wav16kMono.SAMPLE_RATE / 60;
    private static final double YIN_THRESHOLD = 0.15;

    private Pitch() {}

    /** YIN fundamental frequency of the 40 ms centred on a sample, 0 when not periodic. */
    static float yin(short[] samples, int centre) {
        int from = centre - YIN_FRAME / 2;
        if (from < 0 || from + YIN_FRAME > samples.length) {
            return 0f;
        }
        int window = YIN_FRAME - MAX_LAG;
        double[] d = new double[MAX_LAG + 1];
        for (int lag = 1; lag <= MAX_LAG; lag++) {
            double sum = 0;
            for (int j = 0; j < window; j++) {
                double diff = samples[from + j] - samples[from + j + lag];
                sum += diff * diff;
            }
            d[lag] = sum;
        }
        double running = 0;
        double[] cmnd = new double[MAX_LAG + 1];
        cmnd[0] = 1;
        for (int lag = 1; lag <= MAX_LAG; lag++) {
            running += d[lag];
            cmnd[lag] = running == 0 ? 1 : d[lag] * lag / running;
        }
        for (int lag = MIN_LAG; lag < MAX_LAG; lag++) {
            if (cmnd[lag] < YIN_THRESHOLD) {
                while (lag + 1 < MAX_LAG && cmnd[lag + 1] < cmnd[lag]) {
                    lag++;
                }
                double a = cmnd[lag - 1];
                double b = cmnd[lag];
                double c = cmnd[lag + 1];
                double shift = (a - 2 * b + c) == 0 ? 0 : 0.5 * (a - c) / (a - 2 * b + c);
                return (float) (Wav16kMono.SAMPLE_RATE / (lag + shift));
            }
        }
        return 0f;
    }
}
