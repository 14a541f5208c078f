package io.clipstream.operators.analysis;

import io.clipstream.schemas.AudioWindow;
import io.clipstream.schemas.TimeSpan;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Energy-based voice activity over the whole video's audio windows, with an adaptive noise floor (a
 * low percentile of the video's own loudness), hysteresis, and a hangover that keeps the quiet ends
 * of words. Gaps shorter than {@code minPauseUs} are bridged.
 */
public final class VoiceActivity {
    /** Speech must be at least this far above the noise floor. */
    static final float ON_ABOVE_FLOOR_DB = 12f;

    /** Once speaking, the level may drop this much below the on-threshold before it ends. */
    static final float HYSTERESIS_DB = 4f;

    /** The absolute level under which nothing counts as speech. */
    static final float ABSOLUTE_MIN_DB = -55f;

    static final long HANGOVER_US = 60_000;
    static final long MIN_SPEECH_US = 80_000;

    private final long minPauseUs;

    public VoiceActivity(long minPauseUs) {
        this.minPauseUs = minPauseUs;
    }

    /** The noise floor in dBFS: the 10th percentile of window loudness. */
    public static float noiseFloorDb(List<AudioWindow> windows) {
        if (windows.isEmpty()) {
            return AudioFeatures.SILENCE_DB;
        }
        float[] levels = new float[windows.size()];
        for (int i = 0; i < levels.length; i++) {
            levels[i] = windows.get(i).getLoudnessDb();
        }
        Arrays.sort(levels);
        return levels[levels.length / 10];
    }

    public List<TimeSpan> speechSpans(List<AudioWindow> windows) {
        float on = Math.max(ABSOLUTE_MIN_DB, noiseFloorDb(windows) + ON_ABOVE_FLOOR_DB);
        float off = on - HYSTERESIS_DB;
        List<TimeSpan> raw = new ArrayList<>();
        long start = -1;
        long lastLoud = -1;
        for (AudioWindow w : windows) {
            float level = w.getLoudnessDb();
            long end = w.getStartUs() + w.getDurationUs();
            if (start < 0) {
                if (level >= on) {
                    start = w.getStartUs();
                    lastLoud = end;
                }
            } else if (level >= off) {
                lastLoud = end;
            } else if (w.getStartUs() - lastLoud > HANGOVER_US) {
                raw.add(new TimeSpan(start, lastLoud + HANGOVER_US));
                start = -1;
            }
        }
        if (start >= 0) {
            long videoEnd =
                    windows.get(windows.size() - 1).getStartUs()
                            + windows.get(windows.size() - 1).getDurationUs();
            raw.add(new TimeSpan(start, Math.min(videoEnd, lastLoud + HANGOVER_US)));
        }
        List<TimeSpan> merged = new ArrayList<>();
        for (TimeSpan span : raw) {
            if (!merged.isEmpty()
                    && span.getStartUs() - merged.get(merged.size() - 1).getEndUs() < minPauseUs) {
                merged.get(merged.size() - 1).setEndUs(span.getEndUs());
            } else {
                merged.add(span);
            }
        }
        merged.removeIf(s -> s.getEndUs() - s.getStartUs() < MIN_SPEECH_US);
        return merged;
    }
}
