package io.clipstream.operators.speech;

import io.clipstream.schemas.TimeSpan;
import io.clipstream.schemas.Word;
import java.util.List;

/** Words in time order, and the spans where somebody speaks, on the video timeline. */
public record Transcript(String engine, List<Word> words, List<TimeSpan> speech) {
    public Transcript {
        words = List.copyOf(words);
        speech = List.copyOf(speech);
    }
}
