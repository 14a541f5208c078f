package io.clipstream.operators.speech;

import io.clipstream.operators.analysis.AudioFeatures;
import io.clipstream.operators.analysis.VoiceActivity;
import io.clipstream.schemas.AudioWindow;
import io.clipstream.schemas.TimeSpan;
import java.util.ArrayList;
import java.util.List;

/**
 * The engine called {@code none}: no words, only the spans where somebody speaks and so the pauses
 * between them, from {@link VoiceActivity}. Used when no recogniser is installed.
 */
public final class VoiceActivityEngine implements SpeechEngine {
    public static final String NAME = "none";

    private final long minPauseUs;

    public VoiceActivityEngine(long minPauseUs) {
        this.minPauseUs = minPauseUs;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Transcript transcribe(short[] samples, long startUs) {
        return new Transcript(NAME, List.of(), speechSpans(samples, startUs, minPauseUs));
    }

    /** Speech spans of audio whose first sample lies at {@code startUs}. */
    public static List<TimeSpan> speechSpans(short[] samples, long startUs, long minPauseUs) {
        int count = samples.length / AudioFeatures.WINDOW_SAMPLES;
        List<AudioWindow> windows = AudioFeatures.levels(samples, 0, count);
        List<TimeSpan> spans = new VoiceActivity(minPauseUs).speechSpans(windows);
        List<TimeSpan> shifted = new ArrayList<>(spans.size());
        for (TimeSpan span : spans) {
            shifted.add(new TimeSpan(span.getStartUs() + startUs, span.getEndUs() + startUs));
        }
        return shifted;
    }
}
