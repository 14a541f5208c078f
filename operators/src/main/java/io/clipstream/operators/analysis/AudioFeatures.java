package io.clipstream.operators.analysis;

import io.clipstream.operators.media.Wav16kMono;
import io.clipstream.schemas.AudioWindow;
import java.util.ArrayList;
import java.util.List;

/**
 * Acoustic features on a fixed global grid of {@link #WINDOW_US} windows: window {@code i} covers
 * {@code [i * WINDOW_US, (i + 1) * WINDOW_US)} of the video timeline. Because the grid is global
 * and every feature looks at most {@link #CONTEXT_US} either side of its window, a segment that
 * reads that much context computes exactly the windows of a whole-file pass.
 *
 * <ul>
 *   <li>loudness: RMS in dBFS, and EBU R128 momentary loudness (K-weighted, 400 ms) in LUFS;
 *   <li>pitch: YIN over 40 ms, 60-400 Hz, 0 when unvoiced; its variation is the standard deviation
 *       in semitones of the voiced pitch within 1 s either side;
 *   <li>speech rate: syllable nuclei (voiced intensity peaks at least 2 dB above the dip of the 200
 *       ms before them) per second within 1 s either side.
 * </ul>
 */
public final class AudioFeatures {
    public static final int WINDOW_US = 20_000;
    public static final int WINDOW_SAMPLES = Wav16kMono.SAMPLE_RATE * WINDOW_US / 1_000_000;
    public static final float SILENCE_DB = -100f;

    /** Audio each feature may look at beyond its window, on either side. */
    public static final long CONTEXT_US = 1_300_000;

    public static final int CONTEXT_WINDOWS = (int) (CONTEXT_US / WINDOW_US);
    public static final int CONTEXT_SAMPLES = CONTEXT_WINDOWS * WINDOW_SAMPLES;

    private static final float VOICED_MIN_DB = -50f;
    private static final float NUCLEUS_DIP_DB = 2f;
    private static final int NUCLEUS_LOOK_BACK = 10;

    /** Pitch variation and speech rate summarise this many windows either side. */
    static final int SPAN_WINDOWS = 50;

    private AudioFeatures() {}

    /**
     * The windows of a time-ordered list that start in {@code [fromUs, toUs)}, found by bisection.
     */
    static List<AudioWindow> startingIn(List<AudioWindow> windows, long fromUs, long toUs) {
        int from = firstStartingAtOrAfter(windows, fromUs);
        return windows.subList(from, Math.max(from, firstStartingAtOrAfter(windows, toUs)));
    }

    private static int firstStartingAtOrAfter(List<AudioWindow> windows, long timeUs) {
        int lo = 0;
        int hi = windows.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (windows.get(mid).getStartUs() < timeUs) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Index of the first window starting at or after the time. */
    public static long firstWindowAtOrAfter(long timeUs) {
        return Math.floorDiv(timeUs + WINDOW_US - 1, WINDOW_US);
    }

    /**
     * RMS levels only (the other features 0) of windows {@code [first, last)} from samples that
     * begin at window {@code first}'s first sample. Enough for voice activity.
     */
    public static List<AudioWindow> levels(short[] samples, long first, long last) {
        List<AudioWindow> out = new ArrayList<>((int) Math.max(0, last - first));
        for (long w = first; w < last; w++) {
            out.add(
                    AudioWindow.newBuilder()
                            .setStartUs(w * WINDOW_US)
                            .setDurationUs(WINDOW_US)
                            .setLoudnessDb(rmsDb(samples, (int) (w - first) * WINDOW_SAMPLES))
                            .build());
        }
        return out;
    }

    /**
     * Every feature of windows {@code [first, last)}. {@code samples[offset]} is window {@code
     * first}'s first sample; up to {@link #CONTEXT_SAMPLES} before it and after window {@code last
     * - 1} are context (less at the ends of the audio, which are then treated as silence).
     */
    public static List<AudioWindow> windows(short[] samples, int offset, long first, long last) {
        int count = (int) Math.max(0, last - first);
        // windows from CONTEXT before the first to CONTEXT after the last, on the same grid
        int before = Math.min(CONTEXT_WINDOWS, offset / WINDOW_SAMPLES);
        int base = offset - before * WINDOW_SAMPLES;
        int total =
                Math.min(
                        (samples.length - base) / WINDOW_SAMPLES, before + count + CONTEXT_WINDOWS);
        float[] db = new float[total];
        float[] pitch = new float[total];
        for (int i = 0; i < total; i++) {
            db[i] = rmsDb(samples, base + i * WINDOW_SAMPLES);
            pitch[i] =
                    db[i] >= VOICED_MIN_DB
                            ? Pitch.yin(samples, base + i * WINDOW_SAMPLES + WINDOW_SAMPLES / 2)
                            : 0f;
        }
        boolean[] nuclei = nuclei(db, pitch);
        double[] kSquares = Loudness.squarePrefix(samples);
        List<AudioWindow> out = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            int i = before + k;
            int centre = base + i * WINDOW_SAMPLES + WINDOW_SAMPLES / 2;
            out.add(
                    AudioWindow.newBuilder()
                            .setStartUs((first + k) * WINDOW_US)
                            .setDurationUs(WINDOW_US)
                            .setLoudnessDb(db[i])
                            .setLoudnessLufs(Loudness.momentary(kSquares, centre))
                            .setPitchHz(pitch[i])
                            .setPitchVariation(pitchVariation(pitch, i))
                            .setSpeechRate(rate(nuclei, i))
                            .build());
        }
        return out;
    }

    private static float rmsDb(short[] samples, int from) {
        double sum = 0;
        int to = Math.min(samples.length, from + WINDOW_SAMPLES);
        for (int j = from; j < to; j++) {
            double s = samples[j];
            sum += s * s;
        }
        return toDb(Math.sqrt(sum / WINDOW_SAMPLES));
    }

    static float toDb(double rms) {
        if (rms < 1e-3) {
            return SILENCE_DB;
        }
        return (float) Math.max(SILENCE_DB, 20 * Math.log10(rms / 32768.0));
    }

    /**
     * Syllable nuclei: voiced peaks of the smoothed intensity (the loudest within 60 ms) at least
     * {@link #NUCLEUS_DIP_DB} above the quietest point of the 200 ms before them. Purely local, so
     * a segment finds the same nuclei as a whole-file pass.
     */
    static boolean[] nuclei(float[] raw, float[] pitch) {
        // a 100 ms moving average first, so one syllable gives one peak
        float[] db = new float[raw.length];
        for (int i = 0; i < raw.length; i++) {
            float sum = 0;
            int n = 0;
            for (int j = Math.max(0, i - 2); j <= Math.min(raw.length - 1, i + 2); j++) {
                sum += raw[j];
                n++;
            }
            db[i] = sum / n;
        }
        boolean[] out = new boolean[db.length];
        for (int i = NUCLEUS_LOOK_BACK; i + 3 < db.length; i++) {
            if (pitch[i] <= 0) {
                continue;
            }
            boolean peak = true;
            for (int j = i - 3; j <= i + 3 && peak; j++) {
                peak = j == i || (j < i ? db[j] <= db[i] : db[j] < db[i]);
            }
            float dip = db[i];
            for (int j = i - NUCLEUS_LOOK_BACK; j < i; j++) {
                dip = Math.min(dip, db[j]);
            }
            out[i] = peak && db[i] - dip >= NUCLEUS_DIP_DB;
        }
        return out;
    }

    private static float rate(boolean[] nuclei, int i) {
        int count = 0;
        for (int j = Math.max(0, i - SPAN_WINDOWS);
                j < Math.min(nuclei.length, i + SPAN_WINDOWS);
                j++) {
            if (nuclei[j]) {
                count++;
            }
        }
        return count / (2f * SPAN_WINDOWS * WINDOW_US / 1e6f);
    }

    private static float pitchVariation(float[] pitch, int i) {
        double sum = 0;
        double squares = 0;
        int n = 0;
        for (int j = Math.max(0, i - SPAN_WINDOWS);
                j < Math.min(pitch.length, i + SPAN_WINDOWS);
                j++) {
            if (pitch[j] > 0) {
                double semitones = 12 * Math.log(pitch[j] / 100.0) / Math.log(2);
                sum += semitones;
                squares += semitones * semitones;
                n++;
            }
        }
        if (n < 5) {
            return 0f;
        }
        double mean = sum / n;
        return (float) Math.sqrt(Math.max(0, squares / n - mean * mean));
    }
}
