package io.clipstream.operators.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.clipstream.operators.media.NativeHeap;
import io.clipstream.operators.media.SyntheticVideo;
import io.clipstream.operators.speech.ChunkedSpeech;
import io.clipstream.operators.speech.SidecarTranscript;
import io.clipstream.operators.speech.SpeechFixtures;
import io.clipstream.operators.speech.SpeechSettings;
import io.clipstream.operators.storage.LocalMediaCache;
import io.clipstream.operators.testing.TestPipelines;
import io.clipstream.schemas.SegmentAnalysis;
import io.clipstream.schemas.SegmentTask;
import io.clipstream.schemas.Word;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Words through the segment analyser, as the analysis job runs it: a spoken video is ingested into
 * short segments whose boundaries fall inside sentences, each segment is analysed on its own, and
 * the merged words must equal those of a single whole-video segment.
 */
class SegmentSpeechTest {
    @TempDir static Path dir;
    static SpeechFixtures.Fixture talk;
    static List<SegmentTask> whole;
    static List<SegmentTask> segmented;

    @BeforeAll
    static void ingest() throws Exception {
        assumeThat(SpeechFixtures.available())
                .as(
                        "skipped: the talk is spoken by espeak-ng; install the Debian package espeak-ng")
                .isTrue();
        talk = SpeechFixtures.standard().get(0);
        Path video = dir.resolve("talk.mp4");
        SyntheticVideo.write(
                SyntheticVideo.demo(talk.durationUs() / 1e6 + 0.5), talk.samples(), video);
        String uri = TestPipelines.upload(dir, "acme", "talk", video);
        var request = TestPipelines.request("talk", "acme", uri, 2, 10, 3);
        whole = TestPipelines.ingest(request, TestPipelines.paths(dir), 60_000_000);
        segmented = TestPipelines.ingest(request, TestPipelines.paths(dir), 2_000_000);
        assertThat(whole).hasSize(1);
        assertThat(segmented).hasSizeGreaterThan(4);
    }

    static List<Word> words(
            List<SegmentTask> tasks, SpeechSettings speech, SidecarTranscript transcript)
            throws Exception {
        return words(tasks, speech, transcript, analyzer -> {});
    }

    /** What a test checks on the analyzer after each segment. */
    interface AfterSegment {
        void check(SegmentAnalyzer analyzer) throws Exception;
    }

    static List<Word> words(
            List<SegmentTask> tasks,
            SpeechSettings speech,
            SidecarTranscript transcript,
            AfterSegment afterEach)
            throws Exception {
        List<List<Word>> perSegment = new ArrayList<>();
        try (SegmentAnalyzer analyzer =
                new SegmentAnalyzer(SegmentAnalyzer.Settings.DEFAULT.withSpeech(speech))) {
            for (SegmentTask task : tasks) {
                Path video = LocalMediaCache.localCopy(task.getSourceUri());
                Path wav = LocalMediaCache.localCopy(task.getAudioUri());
                SegmentAnalysis a = analyzer.analyse(task, video, wav, transcript);
                for (Word w : a.getWords()) {
                    long middle = (w.getStartUs() + w.getEndUs()) / 2;
                    assertThat(middle).isBetween(task.getStartUs(), task.getEndUs() - 1);
                }
                perSegment.add(a.getWords());
                afterEach.check(analyzer);
            }
        }
        return ChunkedSpeech.merge(perSegment);
    }

    @Test
    void transcriptWordsAreTheSameWhateverTheSegments() throws Exception {
        SpeechSettings speech = SpeechSettings.DEFAULT.withEngine("none");
        SidecarTranscript transcript = SpeechFixtures.captionerCues(talk);
        List<Word> reference = words(whole, speech, transcript);
        List<Word> split = words(segmented, speech, transcript);
        assertThat(reference).hasSize(talk.script().size());
        // every cue is aligned over the same audio either way, so the times are identical
        assertThat(split).isEqualTo(reference);
    }

    @Test
    void recognisedWordsAppearOnceAcrossSegmentBoundaries() throws Exception {
        SpeechSettings speech = SpeechSettings.DEFAULT.withEngine("vosk");
        List<Word> reference = words(whole, speech, null);
        List<Word> split = words(segmented, speech, null);
        // the recogniser hears different context per segment, so a few words may differ; none may
        // be doubled and the bulk must agree in text and time
        for (int i = 1; i < split.size(); i++) {
            Word a = split.get(i - 1);
            Word b = split.get(i);
            long overlap =
                    Math.min(a.getEndUs(), b.getEndUs()) - Math.max(a.getStartUs(), b.getStartUs());
            long shorter = Math.min(a.getEndUs() - a.getStartUs(), b.getEndUs() - b.getStartUs());
            assertThat(overlap)
                    .as("%s and %s are one word heard twice", a.getText(), b.getText())
                    .isLessThan(shorter / 2);
        }
        long agreeing =
                split.stream()
                        .filter(
                                w ->
                                        reference.stream()
                                                .anyMatch(
                                                        r ->
                                                                r.getText().equals(w.getText())
                                                                        && Math.abs(
                                                                                        r
                                                                                                        .getStartUs()
                                                                                                - w
                                                                                                        .getStartUs())
                                                                                <= 30_000))
                        .count();
        assertThat(split.size()).isBetween(reference.size() - 3, reference.size() + 3);
        assertThat(agreeing).isGreaterThanOrEqualTo(Math.round(reference.size() * 0.85));
    }

    @Test
    void anEngineLetGoOfBetweenSegmentsIsLoadedAgainAndHearsTheSameWords() throws Exception {
        SpeechSettings vosk = SpeechSettings.DEFAULT.withEngine("vosk");
        List<SegmentTask> three = segmented.subList(0, 3);
        List<Word> reference = words(three, vosk, null);
        List<Word> released =
                words(
                        three,
                        vosk,
                        null,
                        analyzer -> {
                            assertThat(analyzer.speechLoaded()).isTrue();
                            assertThat(SegmentAnalyzer.releaseIdleSpeechEngines())
                                    .isGreaterThanOrEqualTo(1);
                            assertThat(analyzer.speechLoaded()).isFalse();
                        });
        assertThat(released).isNotEmpty().isEqualTo(reference);
        assertThat(NativeHeap.trim()).as("glibc's malloc_trim found").isTrue();
    }
}
