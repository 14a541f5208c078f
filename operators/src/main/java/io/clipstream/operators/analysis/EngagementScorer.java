package io.clipstream.operators.analysis;

import io.clipstream.schemas.AudioWindow;
import io.clipstream.schemas.FaceSample;
import io.clipstream.schemas.ScoreComponent;
import io.clipstream.schemas.ShotBoundary;
import io.clipstream.schemas.TimeSpan;
import io.clipstream.schemas.Word;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The engagement score, 0-100: a weighted sum of named components, each in [0, 1], all carried in
 * the {@code ScoredSegment} so every score can be explained. Vocal components compare the talking
 * point with the video's own baseline (the median over its speech), so a quiet podcast and a loud
 * stream are judged alike.
 *
 * <ul>
 *   <li>{@code hook} (0.22): how the opening sentence grabs: a question (0.5), an opener such as
 *       "what", "why", "imagine", "here's", "never", "most people" (0.3), a number (0.1), speaking
 *       to "you" (0.1). 0 without words.
 *   <li>{@code energy} (0.17): momentary loudness (LUFS) of the voiced audio against the baseline,
 *       through a logistic (+3 dB gives 0.73).
 *   <li>{@code pitchVariation} (0.11): intonation (semitone spread) against the baseline.
 *   <li>{@code pace} (0.11): words per second (syllable nuclei without words) against the baseline;
 *       15% faster gives 0.73.
 *   <li>{@code completeness} (0.17): a long pause before (0.3) and after (0.3), an opening that
 *       does not hang on the previous sentence ("and", "but", "because" ...: 0.2), a closing
 *       sentence that ends (0.2).
 *   <li>{@code clarity} (0.11): few fillers (1 - 4 x filler share); the voiced share without words.
 *   <li>{@code visualRhythm} (0.11): shot changes per minute saturating at 12; when the video has
 *       face samples, 0.7 of that plus 0.3 if a face is seen during the point.
 *   <li>{@code relevance}: the share of the upload's prompt terms the talking point says. Weight 0
 *       without a prompt; with one, 0.35, and every other weight is scaled by 0.65, so the weights
 *       still sum to 1.
 * </ul>
 */
public final class EngagementScorer {
    // Weights without a prompt; they sum to 1.
    static final float W_HOOK = 0.22f;
    static final float W_ENERGY = 0.17f;
    static final float W_PITCH = 0.11f;
    static final float W_PACE = 0.11f;
    static final float W_COMPLETE = 0.17f;
    static final float W_CLARITY = 0.11f;
    static final float W_VISUAL = 0.11f;

    /** With a prompt, relevance takes this weight and the others shrink in proportion. */
    static final float W_RELEVANCE = 0.35f;

    private static final Set<String> DANGLING =
            Set.of("and", "but", "so", "because", "which", "then", "or", "also", "that", "plus");

    /** The video's own median over its speech, for the vocal components. */
    public record Baseline(double lufs, double pitchVariation, double pace) {}

    /** What is known about one talking point. */
    public record Point(
            TalkingPoint span,
            List<Word> words,
            List<Sentences.Sentence> sentences,
            List<AudioWindow> windows) {}

    private final long breakPauseUs;

    public EngagementScorer(long breakPauseUs) {
        this.breakPauseUs = breakPauseUs;
    }

    /** The baseline from the windows inside speech ({@link #voiced}) and the words. */
    public static Baseline baseline(
            List<AudioWindow> voiced, List<TimeSpan> speech, List<Word> words) {
        long speechUs = speech.stream().mapToLong(s -> s.getEndUs() - s.getStartUs()).sum();
        double pace =
                words.isEmpty()
                        ? median(voiced.stream().mapToDouble(AudioWindow::getSpeechRate).toArray())
                        : words.size() / Math.max(1e-6, speechUs / 1e6);
        return new Baseline(
                median(voiced.stream().mapToDouble(AudioWindow::getLoudnessLufs).toArray()),
                median(voiced.stream().mapToDouble(AudioWindow::getPitchVariation).toArray()),
                pace);
    }

    public List<ScoreComponent> components(
            Point point,
            Baseline baseline,
            List<ShotBoundary> shots,
            List<FaceSample> faces,
            String prompt) {
        TalkingPoint p = point.span();
        List<AudioWindow> voiced = point.windows();
        double lufs = mean(voiced.stream().mapToDouble(AudioWindow::getLoudnessLufs).toArray());
        double pitch = mean(voiced.stream().mapToDouble(AudioWindow::getPitchVariation).toArray());
        double pace =
                point.words().isEmpty()
                        ? mean(voiced.stream().mapToDouble(AudioWindow::getSpeechRate).toArray())
                        : point.words().size() / Math.max(1e-6, p.voicedUs() / 1e6);
        List<ScoreComponent> out = new ArrayList<>();
        out.add(new ScoreComponent("hook", TextSignals.hook(point.sentences()), W_HOOK));
        out.add(new ScoreComponent("energy", logistic((lufs - baseline.lufs()) / 3.0), W_ENERGY));
        out.add(
                new ScoreComponent(
                        "pitchVariation", logistic(pitch - baseline.pitchVariation()), W_PITCH));
        out.add(
                new ScoreComponent(
                        "pace",
                        baseline.pace() <= 0 ? 0.5f : logistic((pace / baseline.pace() - 1) / 0.15),
                        W_PACE));
        out.add(new ScoreComponent("completeness", completeness(point), W_COMPLETE));
        out.add(new ScoreComponent("clarity", clarity(point), W_CLARITY));
        out.add(new ScoreComponent("visualRhythm", visual(p, shots, faces), W_VISUAL));
        boolean prompted = prompt != null && !prompt.isBlank();
        if (prompted) {
            out.forEach(c -> c.setWeight(c.getWeight() * (1 - W_RELEVANCE)));
        }
        out.add(
                new ScoreComponent(
                        "relevance",
                        TextSignals.relevance(point.words(), prompt),
                        prompted ? W_RELEVANCE : 0f));
        return out;
    }

    public static float total(List<ScoreComponent> components) {
        double sum = 0;
        for (ScoreComponent c : components) {
            sum += c.getValue() * c.getWeight();
        }
        return (float) Math.round(sum * 1000) / 10f;
    }

    private float completeness(Point point) {
        TalkingPoint p = point.span();
        float value = 0;
        value += p.pauseBeforeUs() >= breakPauseUs ? 0.3f : 0f;
        value += p.pauseAfterUs() >= breakPauseUs ? 0.3f : 0f;
        if (point.sentences().isEmpty()) {
            return value / 0.6f;
        }
        String opening = point.sentences().get(0).text().toLowerCase(Locale.ROOT);
        String firstWord = opening.split("[\\s,]+")[0];
        value += DANGLING.contains(firstWord) ? 0f : 0.2f;
        String closing = point.sentences().get(point.sentences().size() - 1).text();
        boolean punctuated =
                point.words().stream()
                        .anyMatch(w -> Sentences.endsSentence(w.getText().toString()));
        value += !punctuated || Sentences.endsSentence(closing) ? 0.2f : 0f;
        return value;
    }

    private static float clarity(Point point) {
        if (point.words().isEmpty()) {
            TalkingPoint p = point.span();
            return clamp(p.voicedUs() / (float) Math.max(1, p.durationUs()));
        }
        long fillers = point.words().stream().filter(Word::getFiller).count();
        return clamp(1f - 4f * fillers / point.words().size());
    }

    private static float visual(TalkingPoint p, List<ShotBoundary> shots, List<FaceSample> faces) {
        long cuts =
                shots.stream()
                        .filter(s -> s.getTimeUs() > p.startUs() && s.getTimeUs() < p.endUs())
                        .count();
        float rhythm = clamp(cuts * 60e6f / Math.max(1, p.durationUs()) / 12f);
        if (faces.isEmpty()) {
            return rhythm;
        }
        long inside =
                faces.stream()
                        .filter(f -> f.getTimeUs() >= p.startUs() && f.getTimeUs() < p.endUs())
                        .count();
        return 0.7f * rhythm + 0.3f * clamp(inside == 0 ? 0 : 1f);
    }

    /** Windows inside speech. */
    static List<AudioWindow> voiced(List<AudioWindow> windows, List<TimeSpan> speech) {
        List<AudioWindow> out = new ArrayList<>();
        int s = 0;
        for (AudioWindow w : windows) {
            while (s < speech.size() && speech.get(s).getEndUs() <= w.getStartUs()) {
                s++;
            }
            if (s < speech.size() && speech.get(s).getStartUs() <= w.getStartUs()) {
                out.add(w);
            }
        }
        return out;
    }

    private static float logistic(double x) {
        return (float) (1 / (1 + Math.exp(-x)));
    }

    private static double mean(double[] values) {
        return values.length == 0 ? 0 : Arrays.stream(values).average().orElse(0);
    }

    private static double median(double[] values) {
        if (values.length == 0) {
            return 0;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static float clamp(float v) {
        return Math.max(0f, Math.min(1f, v));
    }
}
