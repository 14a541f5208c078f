package io.clipstream.operators.speech.whisper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.clipstream.operators.speech.SpeechFixtures;
import io.clipstream.operators.speech.SpeechMetrics;
import io.clipstream.operators.speech.Transcript;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Recognition quality needs trained weights, which this repository cannot ship or download. Point
 * {@code CLIPSTREAM_WHISPER_MODEL} at a directory made by {@code tools/whisper-export.py
 * --checkpoint} to run it; otherwise it is skipped with that reason.
 */
class WhisperRealModelTest {
    @Test
    void trainedWhisperTranscribesTheFixtures() throws Exception {
        String dir = System.getenv("CLIPSTREAM_WHISPER_MODEL");
        assumeThat(dir)
                .as(
                        "skipped: no trained Whisper weights here; set CLIPSTREAM_WHISPER_MODEL to a directory from tools/whisper-export.py --checkpoint")
                .isNotBlank();
        assumeThat(Files.isDirectory(Path.of(dir)))
                .as("skipped: %s is not a directory", dir)
                .isTrue();
        assumeThat(SpeechFixtures.available()).as("skipped: the fixtures need espeak-ng").isTrue();
        List<String> reference = new ArrayList<>();
        List<String> hypothesis = new ArrayList<>();
        try (WhisperEngine engine = new WhisperEngine(Path.of(dir), 250_000)) {
            for (SpeechFixtures.Fixture f : SpeechFixtures.standard()) {
                Transcript t = engine.transcribe(f.samples(), 0);
                reference.addAll(f.script());
                t.words().forEach(w -> hypothesis.add(w.getText().toString()));
                assertThat(SpeechMetrics.medianStartErrorUs(f.words(), t.words()))
                        .as(f.name())
                        .isBetween(0L, 200_000L);
            }
        }
        assertThat(SpeechMetrics.wordErrorRate(reference, hypothesis)).isLessThan(0.3);
    }
}
