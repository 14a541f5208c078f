package io.clipstream.operators.speech;

/** Band-limited sample-rate conversion of 16-bit mono audio with a Hann-windowed sinc kernel. */
public final class Resampler {
    private static final int HALF_TAPS = 16;

    private Resampler() {}

    public static short[] resample(short[] in, int fromRate, int toRate) {
        if (fromRate == toRate) {
            return in.clone();
        }
        double ratio = (double) toRate / fromRate;
        double cutoff = Math.min(1.0, ratio) * 0.95;
        int outLength = (int) Math.floor(in.length * ratio);
        short[] out = new short[outLength];
        double halfWidth = HALF_TAPS / cutoff;
        for (int i = 0; i < outLength; i++) {
            double centre = i / ratio;
            int first = (int) Math.ceil(centre - halfWidth);
            int last = (int) Math.floor(centre + halfWidth);
            double sum = 0;
            for (int j = Math.max(0, first); j <= Math.min(in.length - 1, last); j++) {
                double x = j - centre;
                double window = 0.5 + 0.5 * Math.cos(Math.PI * x / halfWidth);
                double arg = Math.PI * x * cutoff;
                double sinc = Math.abs(arg) < 1e-9 ? 1 : Math.sin(arg) / arg;
                sum += in[j] * cutoff * sinc * window;
            }
            out[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(sum)));
        }
        return out;
    }
}
