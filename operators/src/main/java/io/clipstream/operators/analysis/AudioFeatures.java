package io.clipstream.operators.analysis;

import io.clipstream.operators.media.Wav16kMono;
import io.clipstream.schemas.AudioWindow;
import java.util.ArrayList;
import java.util.List;

/**
 * Acoustic features on a fixed global grid of {@link #WINDOW_US} windows: window {@code i} covers
 * {@code [i * WINDOW_US, (i + 1) * WINDOW_US)} of the video timeline. Because the grid is global, a
 * segment computes exactly the windows that start inside it and the concatenation over segments
 * equals a whole-file pass.
 */
public final class AudioFeatures {
    public static final int WINDOW_US = 20_000;
    public static final int WINDOW_SAMPLES = Wav16kMono.SAMPLE_RATE * WINDOW_US / 1_000_000;
    public static final float SILENCE_DB = -100f;

    private AudioFeatures() {}

    /** Index of the first window starting at or after the time. */
    public static long firstWindowAtOrAfter(long timeUs) {
        return Math.floorDiv(timeUs + WINDOW_US - 1, WINDOW_US);
    }

    /**
     * Computes windows {@code [first, last)} from samples that begin at window {@code first}'s
     * first sample.
     */
    public static List<AudioWindow> windows(short[] samples, long first, long last) {
        List<AudioWindow> out = new ArrayList<>((int) Math.max(0, last - first));
        for (long w = first; w < last; w++) {
            int offset = (int) (w - first) * WINDOW_SAMPLES;
            double sum = 0;
            for (int i = 0; i < WINDOW_SAMPLES; i++) {
                double s = samples[offset + i];
                sum += s * s;
            }
            out.add(
                    AudioWindow.newBuilder()
                            .setStartUs(w * WINDOW_US)
                            .setDurationUs(WINDOW_US)
                            .setLoudnessDb(toDb(Math.sqrt(sum / WINDOW_SAMPLES)))
                            .build());
        }
        return out;
    }

    static float toDb(double rms) {
        if (rms < 1e-3) {
            return SILENCE_DB;
        }
        return (float) Math.max(SILENCE_DB, 20 * Math.log10(rms / 32768.0));
    }
}
