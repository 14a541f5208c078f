package io.clipstream.operators.speech.whisper;

/**
 * Whisper's audio front end: a 400-point STFT (Hann window, hop 160, centred with reflection) of 16
 * kHz audio, power spectra through a Slaney mel filter bank, log10, clipped to 8 below the maximum
 * and scaled to about [-1, 1].
 */
public final class LogMel {
    public static final int SAMPLE_RATE = 16_000;
    public static final int N_FFT = 400;
    public static final int HOP = 160;
    private static final int BINS = N_FFT / 2 + 1;

    private final int melBins;
    private final float[][] filters;
    private final double[] window = new double[N_FFT];
    private final double[][] cos = new double[BINS][N_FFT];
    private final double[][] sin = new double[BINS][N_FFT];

    public LogMel(int melBins) {
        this.melBins = melBins;
        this.filters = melFilters(melBins);
        for (int n = 0; n < N_FFT; n++) {
            window[n] = 0.5 - 0.5 * Math.cos(2 * Math.PI * n / N_FFT);
        }
        for (int k = 0; k < BINS; k++) {
            for (int n = 0; n < N_FFT; n++) {
                double angle = 2 * Math.PI * k * n / N_FFT;
                cos[k][n] = Math.cos(angle);
                sin[k][n] = Math.sin(angle);
            }
        }
    }

    /**
     * Log-mel spectrogram {@code [melBins][frames]} of {@code frames * HOP} samples from {@code
     * from}; audio past the end of {@code samples} is silence.
     */
    public float[][] compute(short[] samples, int from, int frames) {
        int length = frames * HOP;
        double[] audio = new double[length + N_FFT];
        int pad = N_FFT / 2;
        for (int i = 0; i < length; i++) {
            int at = from + i;
            audio[pad + i] = at < samples.length ? samples[at] / 32768.0 : 0;
        }
        for (int i = 1; i <= pad; i++) {
            audio[pad - i] = audio[pad + i];
            audio[pad + length - 1 + i] = audio[pad + length - 1 - i];
        }
        float[][] mel = new float[melBins][frames];
        double[] power = new double[BINS];
        double[] frame = new double[N_FFT];
        double max = Double.NEGATIVE_INFINITY;
        for (int t = 0; t < frames; t++) {
            int offset = t * HOP;
            for (int n = 0; n < N_FFT; n++) {
                frame[n] = audio[offset + n] * window[n];
            }
            for (int k = 0; k < BINS; k++) {
                double re = 0;
                double im = 0;
                double[] c = cos[k];
                double[] s = sin[k];
                for (int n = 0; n < N_FFT; n++) {
                    re += frame[n] * c[n];
                    im -= frame[n] * s[n];
                }
                power[k] = re * re + im * im;
            }
            for (int m = 0; m < melBins; m++) {
                double sum = 0;
                float[] f = filters[m];
                for (int k = 0; k < BINS; k++) {
                    sum += f[k] * power[k];
                }
                double log = Math.log10(Math.max(sum, 1e-10));
                mel[m][t] = (float) log;
                max = Math.max(max, log);
            }
        }
        float floor = (float) (max - 8.0);
        for (float[] row : mel) {
            for (int t = 0; t < frames; t++) {
                row[t] = (Math.max(row[t], floor) + 4f) / 4f;
            }
        }
        return mel;
    }

    /** Mel filters as librosa builds them with htk=False and norm="slaney". */
    static float[][] melFilters(int melBins) {
        double[] fftFrequencies = new double[BINS];
        for (int k = 0; k < BINS; k++) {
            fftFrequencies[k] = k * (SAMPLE_RATE / 2.0) / (BINS - 1);
        }
        double top = hzToMel(SAMPLE_RATE / 2.0);
        double[] hz = new double[melBins + 2];
        for (int i = 0; i < hz.length; i++) {
            hz[i] = melToHz(top * i / (melBins + 1));
        }
        float[][] weights = new float[melBins][BINS];
        for (int m = 0; m < melBins; m++) {
            double norm = 2.0 / (hz[m + 2] - hz[m]);
            for (int k = 0; k < BINS; k++) {
                double lower = (fftFrequencies[k] - hz[m]) / (hz[m + 1] - hz[m]);
                double upper = (hz[m + 2] - fftFrequencies[k]) / (hz[m + 2] - hz[m + 1]);
                weights[m][k] = (float) (Math.max(0, Math.min(lower, upper)) * norm);
            }
        }
        return weights;
    }

    private static final double F_SP = 200.0 / 3;
    private static final double MIN_LOG_HZ = 1000.0;
    private static final double MIN_LOG_MEL = MIN_LOG_HZ / F_SP;
    private static final double LOG_STEP = Math.log(6.4) / 27.0;

    static double hzToMel(double hz) {
        return hz < MIN_LOG_HZ ? hz / F_SP : MIN_LOG_MEL + Math.log(hz / MIN_LOG_HZ) / LOG_STEP;
    }

    static double melToHz(double mel) {
        return mel < MIN_LOG_MEL
                ? F_SP * mel
                : MIN_LOG_HZ * Math.exp(LOG_STEP * (mel - MIN_LOG_MEL));
    }
}
