package io.clipstream.operators.speech;

import static org.assertj.core.api.Assertions.assertThat;

import io.clipstream.operators.testing.RealFootage;
import io.clipstream.schemas.Word;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A customer's transcript aligned by Vosk on real speech: the GRID utterance whose word times the
 * corpus gives, and a cue with a word outside the model's vocabulary.
 */
class SidecarAlignmentTest {
    /** GRID's alignment: start, end (units of 1/25000 s) and word, silences left out. */
    private static List<long[]> gridTruth() throws IOException {
        List<long[]> out = new ArrayList<>();
        try (InputStream in =
                RealFootage.class.getResourceAsStream("/real/talking/grid_swwp2s.align")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String[] f = line.trim().split("\\s+");
                if (f.length == 3 && !f[2].equals("sil")) {
                    out.add(new long[] {Long.parseLong(f[0]) * 40, Long.parseLong(f[1]) * 40});
                }
            }
        }
        return out;
    }

    @Test
    void cueWordsGetTheTimesOfTheCorpusAlignment() throws IOException {
        short[] samples = RealFootage.samples16k("talking/grid_swwp2s.mpg");
        SidecarTranscript transcript =
                new SidecarTranscript(
                        List.of(
                                new SidecarTranscript.Cue(
                                        0, 2_980_000, "Set white with P two soon.")),
                        false);
        List<long[]> truth = gridTruth();
        try (SidecarEngine engine = new SidecarEngine(transcript, true, null, 250_000)) {
            List<Word> words = engine.transcribe(samples, 0).words();
            assertThat(engine.alignmentCounts()).containsExactly(1, 0);
            assertThat(words)
                    .extracting(w -> w.getText().toString())
                    .containsExactly("Set", "white", "with", "P", "two", "soon.");
            long[] errors = new long[words.size()];
            for (int i = 0; i < words.size(); i++) {
                errors[i] = Math.abs(words.get(i).getStartUs() - truth.get(i)[0]);
            }
            Arrays.sort(errors);
            // measured median 30 ms; the corpus marks starts on a 40 us grid by its own aligner
            assertThat(errors[errors.length / 2]).as("median start error, us").isLessThan(80_000);
        }
        try (SidecarEngine syllables = new SidecarEngine(transcript, false, null, 250_000)) {
            syllables.transcribe(samples, 0);
            assertThat(syllables.alignmentCounts()).containsExactly(0, 1);
        }
    }

    @Test
    void aWordTheModelDoesNotKnowIsPlacedBetweenItsAlignedNeighbours() throws IOException {
        short[] samples = RealFootage.samples16k("speech/ljspeech_LJ001-0007.wav");
        String text =
                "the earliest book printed with movable types, the Gutenberg, or \"forty-two line Bible\" of about 1455,";
        SidecarTranscript transcript =
                new SidecarTranscript(
                        List.of(new SidecarTranscript.Cue(0, 8_380_000, text)), false);
        try (SidecarEngine engine = new SidecarEngine(transcript, true, null, 250_000)) {
            List<Word> words = engine.transcribe(samples, 0).words();
            assertThat(engine.alignmentCounts()).containsExactly(1, 0);
            assertThat(words).hasSize(text.split("\\s+").length);
            Word about = words.get(words.size() - 2);
            Word year = words.get(words.size() - 1);
            assertThat(about.getText().toString()).isEqualTo("about");
            assertThat(year.getText().toString()).isEqualTo("1455,");
            assertThat(year.getStartUs()).isGreaterThanOrEqualTo(about.getEndUs());
            // "fourteen fifty-five" takes the last second and a half of the recording
            assertThat(year.getEndUs() - year.getStartUs()).isGreaterThan(700_000);
            for (int i = 1; i < words.size(); i++) {
                assertThat(words.get(i).getStartUs())
                        .isGreaterThanOrEqualTo(words.get(i - 1).getStartUs());
            }
        }
    }
}
