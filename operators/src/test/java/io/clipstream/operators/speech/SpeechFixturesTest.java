package io.clipstream.operators.speech;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.clipstream.operators.media.Wav16kMono;
import io.clipstream.schemas.TimeSpan;
import io.clipstream.schemas.Word;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The engines on the project's own speech fixtures, spoken by espeak-ng with known word starts.
 * Needs the Debian package espeak-ng for the fixtures ({@code tools/setup-speech.sh}); the engines
 * on real speech, which need nothing installed, are in {@link VoskEngineTest}. Bounds are set from
 * measurements with some slack, not as goals.
 */
class SpeechFixturesTest {
    static List<SpeechFixtures.Fixture> fixtures;

    @BeforeAll
    static void speak() {
        assumeThat(SpeechFixtures.available())
                .as(
                        "skipped: the speech fixtures are spoken by espeak-ng; install the Debian package espeak-ng")
                .isTrue();
        fixtures = SpeechFixtures.standard();
    }

    @Test
    void voiceActivityFindsEveryUtteranceWithinATenthOfASecond() {
        for (SpeechFixtures.Fixture f : fixtures) {
            Transcript t = new VoiceActivityEngine(250_000).transcribe(f.samples(), 0);
            assertThat(t.words()).isEmpty();
            assertThat(t.speech()).as(f.name()).hasSameSizeAs(f.speech());
            for (int i = 0; i < f.speech().size(); i++) {
                TimeSpan truth = f.speech().get(i);
                TimeSpan found = t.speech().get(i);
                assertThat(Math.abs(found.getStartUs() - truth.getStartUs()))
                        .as("%s onset %d", f.name(), i)
                        .isLessThanOrEqualTo(100_000);
                assertThat(Math.abs(found.getEndUs() - truth.getEndUs()))
                        .as("%s offset %d", f.name(), i)
                        .isLessThanOrEqualTo(100_000);
            }
        }
    }

    @Test
    void voskRecognisesAndTimesWords() throws java.io.IOException {
        List<String> reference = new ArrayList<>();
        List<String> hypothesis = new ArrayList<>();
        try (VoskEngine engine = new VoskEngine(null, 250_000)) {
            for (SpeechFixtures.Fixture f : fixtures) {
                Transcript t = engine.transcribe(f.samples(), 0);
                reference.addAll(f.script());
                t.words().forEach(w -> hypothesis.add(w.getText().toString()));
                assertThat(SpeechMetrics.medianStartErrorUs(f.words(), t.words()))
                        .as(f.name())
                        .isBetween(0L, 80_000L);
                for (Word w : t.words()) {
                    assertThat(w.getConfidence()).isBetween(0f, 1f);
                    assertThat(w.getEndUs()).isGreaterThan(w.getStartUs());
                }
            }
        }
        // measured 0.27 on these fixtures (synthetic voices, fillers, quick rates)
        assertThat(SpeechMetrics.wordErrorRate(reference, hypothesis)).isLessThan(0.4);
    }

    @Test
    void sidecarCuesAreAlignedToWordTimes() {
        for (SpeechFixtures.Fixture f : fixtures) {
            SidecarTranscript transcript = SpeechFixtures.captionerCues(f);
            try (SidecarEngine engine = new SidecarEngine(transcript, true, null, 250_000)) {
                Transcript t = engine.transcribe(f.samples(), 0);
                assertThat(t.words()).hasSameSizeAs(f.script());
                assertThat(engine.alignmentCounts()[0])
                        .as("cues aligned")
                        .isEqualTo(transcript.cues().size());
                assertThat(SpeechMetrics.medianStartErrorUs(f.words(), t.words()))
                        .as(f.name())
                        .isLessThan(50_000);
            }
        }
    }

    @Test
    void sidecarWithoutRecogniserFallsBackToSyllables() {
        SpeechFixtures.Fixture f = fixtures.get(1);
        try (SidecarEngine engine =
                new SidecarEngine(SpeechFixtures.captionerCues(f), false, null, 250_000)) {
            Transcript t = engine.transcribe(f.samples(), 0);
            assertThat(engine.alignmentCounts()[1]).isEqualTo(f.speech().size());
            assertThat(t.words()).hasSameSizeAs(f.script());
            assertThat(SpeechMetrics.medianStartErrorUs(f.words(), t.words())).isLessThan(300_000);
        }
    }

    @Test
    void aWordCutByASegmentBoundaryAppearsOnceWithItsTrueTimes() throws java.io.IOException {
        SpeechFixtures.Fixture f = fixtures.get(0);
        try (VoskEngine engine = new VoskEngine(null, 250_000)) {
            List<Word> whole = engine.transcribe(f.samples(), 0).words();
            // the boundary goes through the middle of the longest recognised word
            Word cut =
                    whole.stream()
                            .max(
                                    (a, b) ->
                                            Long.compare(
                                                    a.getEndUs() - a.getStartUs(),
                                                    b.getEndUs() - b.getStartUs()))
                            .orElseThrow();
            long boundary = (cut.getStartUs() + cut.getEndUs()) / 2 - 10_000;
            assertThat(boundary).isStrictlyBetween(cut.getStartUs(), cut.getEndUs());
            long end = f.durationUs();
            List<List<Word>> perSegment = new ArrayList<>();
            for (long[] range : new long[][] {{0, boundary}, {boundary, end}}) {
                long from = Math.max(0, range[0] - ChunkedSpeech.OVERLAP_US);
                long to = Math.min(end, range[1] + ChunkedSpeech.OVERLAP_US);
                short[] audio =
                        Arrays.copyOfRange(
                                f.samples(),
                                (int) Wav16kMono.sampleAt(from),
                                (int) Wav16kMono.sampleAt(to));
                perSegment.add(
                        ChunkedSpeech.owned(
                                engine.transcribe(audio, from).words(), range[0], range[1]));
            }
            List<Word> merged = ChunkedSpeech.merge(perSegment);
            List<Word> copies =
                    merged.stream()
                            .filter(
                                    w ->
                                            w.getText().toString().equals(cut.getText().toString())
                                                    && Math.abs(w.getStartUs() - cut.getStartUs())
                                                            < 300_000)
                            .toList();
            assertThat(copies).hasSize(1);
            Word found = copies.get(0);
            assertThat(Math.abs(found.getStartUs() - cut.getStartUs())).isLessThanOrEqualTo(30_000);
            assertThat(Math.abs(found.getEndUs() - cut.getEndUs())).isLessThanOrEqualTo(30_000);
            assertThat(merged).hasSize(whole.size());
        }
    }
}
