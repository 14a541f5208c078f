package io.clipstream.operators.analysis;

import io.clipstream.schemas.AudioWindow;
import io.clipstream.schemas.ScoreComponent;
import io.clipstream.schemas.ShotBoundary;
import java.util.ArrayList;
import java.util.List;

/**
 * The first engagement score, 0-100: a weighted sum of named components, each in [0,1], so every
 * score can be explained from the record that carries it.
 *
 * <ul>
 *   <li>{@code energy} (0.30): mean loudness of the talking point relative to the median loudness
 *       of the video's speech, through a logistic curve (+6 dB gives 0.73).
 *   <li>{@code speechDensity} (0.25): fraction of the talking point that is voiced.
 *   <li>{@code completeness} (0.20): 0.5 for each edge that sits on a long pause (or the start or
 *       end of the video), so the point stands on its own.
 *   <li>{@code durationFit} (0.15): closeness of the duration to the middle of the requested clip
 *       length range.
 *   <li>{@code visualRhythm} (0.10): shot changes per minute, saturating at 12.
 * </ul>
 */
public final class EngagementScorer {
    static final float W_ENERGY = 0.30f;
    static final float W_DENSITY = 0.25f;
    static final float W_COMPLETE = 0.20f;
    static final float W_DURATION = 0.15f;
    static final float W_VISUAL = 0.10f;

    private final long breakPauseUs;
    private final long minUs;
    private final long maxUs;

    public EngagementScorer(long breakPauseUs, long minUs, long maxUs) {
        this.breakPauseUs = breakPauseUs;
        this.minUs = minUs;
        this.maxUs = maxUs;
    }

    /** Scores a talking point; {@code speechMedianDb} is the video's baseline. */
    public List<ScoreComponent> components(
            TalkingPoint point,
            List<AudioWindow> windows,
            float speechMedianDb,
            List<ShotBoundary> shots) {
        double loud = meanLoudness(windows, point.startUs(), point.endUs());
        float energy = (float) (1 / (1 + Math.exp(-(loud - speechMedianDb) / 6.0)));
        float density = clamp(point.voicedUs() / (float) Math.max(1, point.durationUs()));
        float complete =
                (point.pauseBeforeUs() >= breakPauseUs ? 0.5f : 0f)
                        + (point.pauseAfterUs() >= breakPauseUs ? 0.5f : 0f);
        double ideal = (minUs + maxUs) / 2.0;
        float duration = clamp((float) (1 - Math.abs(point.durationUs() - ideal) / ideal));
        long cuts =
                shots.stream()
                        .filter(
                                s ->
                                        s.getTimeUs() > point.startUs()
                                                && s.getTimeUs() < point.endUs())
                        .count();
        float perMinute = cuts * 60e6f / Math.max(1, point.durationUs());
        float visual = clamp(perMinute / 12f);
        List<ScoreComponent> out = new ArrayList<>();
        out.add(new ScoreComponent("energy", energy, W_ENERGY));
        out.add(new ScoreComponent("speechDensity", density, W_DENSITY));
        out.add(new ScoreComponent("completeness", complete, W_COMPLETE));
        out.add(new ScoreComponent("durationFit", duration, W_DURATION));
        out.add(new ScoreComponent("visualRhythm", visual, W_VISUAL));
        return out;
    }

    public static float total(List<ScoreComponent> components) {
        double sum = 0;
        for (ScoreComponent c : components) {
            sum += c.getValue() * c.getWeight();
        }
        return (float) Math.round(sum * 1000) / 10f;
    }

    static double meanLoudness(List<AudioWindow> windows, long startUs, long endUs) {
        double sum = 0;
        int n = 0;
        for (AudioWindow w : windows) {
            if (w.getStartUs() >= startUs && w.getStartUs() < endUs) {
                sum += w.getLoudnessDb();
                n++;
            }
        }
        return n == 0 ? AudioFeatures.SILENCE_DB : sum / n;
    }

    private static float clamp(float v) {
        return Math.max(0f, Math.min(1f, v));
    }
}
