package io.clipstream.operators.speech;

import io.clipstream.schemas.TimeSpan;
import io.clipstream.schemas.Word;
import java.util.List;

/**
 * Words in time order, the spans where somebody speaks, on the video timeline, and what the audio
 * is like when that explains few or no words ({@link AudioCondition.Finding} names).
 */
public record Transcript(
        String engine, List<Word> words, List<TimeSpan> speech, List<String> findings) {
    public Transcript {
        words = List.copyOf(words);
        speech = List.copyOf(speech);
        findings = List.copyOf(findings);
    }

    public Transcript(String engine, List<Word> words, List<TimeSpan> speech) {
        this(engine, words, speech, List.of());
    }
}
