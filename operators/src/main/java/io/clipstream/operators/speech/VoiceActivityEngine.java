package io.clipstream.operators.speech;

import io.clipstream.operators.analysis.AudioFeatures;
import io.clipstream.operators.analysis.VoiceActivity;
import io.clipstream.operators.media.Wav16kMono;
import io.clipstream.schemas.AudioWindow;
import io.clipstream.schemas.TimeSpan;
import java.util.Arrays;
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
        // windows on the global grid, so every segment measures the same windows
        long first = AudioFeatures.firstWindowAtOrAfter(startUs);
        int skip =
                (int)
                        (Wav16kMono.sampleAt(first * AudioFeatures.WINDOW_US)
                                - Wav16kMono.sampleAt(startUs));
        int count = Math.max(0, (samples.length - skip) / AudioFeatures.WINDOW_SAMPLES);
        short[] aligned =
                Arrays.copyOfRange(samples, Math.min(skip, samples.length), samples.length);
        List<AudioWindow> windows = AudioFeatures.levels(aligned, first, first + count);
        return new VoiceActivity(minPauseUs).speechSpans(windows);
    }
}
