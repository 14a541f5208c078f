package io.clipstream.operators.speech;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clipstream.operators.media.Wav16kMono;
import io.clipstream.operators.testing.RealFootage;
import io.clipstream.schemas.Word;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Vosk engine with the model bundled in the build, on the real recordings of the test resources
 * (LJ Speech, LibriSpeech, GRID). Bounds are measured values with some slack, not goals: the bench
 * reports the figures.
 */
class VoskEngineTest {
    static VoskEngine engine;

    @BeforeAll
    static void load() throws IOException {
        engine = new VoskEngine(null, 250_000);
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    private static List<String> text(List<Word> words) {
        return words.stream().map(w -> w.getText().toString()).toList();
    }

    @Test
    void readSpeechIsRecognisedWithTimesAndConfidences() throws IOException {
        String file = "speech/ljspeech_LJ001-0001.wav";
        short[] samples = RealFootage.samples16k(file);
        Transcript t = engine.transcribe(samples, 5_000_000);
        // measured: 0 errors in 27 words
        assertThat(SpeechMetrics.wordErrorRate(RealFootage.referenceWords(file), text(t.words())))
                .isLessThan(0.1);
        long end = 5_000_000 + Wav16kMono.timeOf(samples.length);
        long previous = 0;
        for (Word w : t.words()) {
            assertThat(w.getStartUs()).isGreaterThanOrEqualTo(previous).isLessThan(w.getEndUs());
            assertThat(w.getEndUs()).isLessThanOrEqualTo(end);
            assertThat(w.getConfidence()).isBetween(0f, 1f);
            previous = w.getStartUs();
        }
        assertThat(t.words().get(0).getStartUs())
                .as("times on the video timeline")
                .isGreaterThan(5_000_000);
        assertThat(t.engine()).isEqualTo("vosk");
    }

    @Test
    void slotsShareOneModelAndDecodeOnItSideBySideAsTheyWouldAlone() throws Exception {
        String file = "speech/ljspeech_LJ001-0001.wav";
        short[] samples = RealFootage.samples16k(file);
        List<Word> alone = engine.transcribe(samples, 0).words();
        int before = SharedVoskModels.loaded();
        VoskEngine second = new VoskEngine(null, 250_000);
        VoskEngine third = new VoskEngine(null, 250_000);
        assertThat(SharedVoskModels.loaded()).as("one model for every engine").isEqualTo(before);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var a = pool.submit(() -> second.transcribe(samples, 0).words());
            var b = pool.submit(() -> third.transcribe(samples, 0).words());
            assertThat(a.get()).isEqualTo(alone);
            assertThat(b.get()).isEqualTo(alone);
        } finally {
            pool.shutdown();
            second.close();
            third.close();
        }
        // the class's engine still holds the model and still decodes
        assertThat(SharedVoskModels.loaded()).isEqualTo(before);
        assertThat(engine.transcribe(samples, 0).words()).isEqualTo(alone);
    }

    @Test
    void theLastEngineClosedFreesTheModel() throws IOException {
        Path dir = VoskModels.resolve(null);
        int before = SharedVoskModels.loaded();
        SharedVoskModels.acquire(dir.resolve("..").resolve(dir.getFileName()));
        assertThat(SharedVoskModels.loaded())
                .as("same directory, other spelling")
                .isEqualTo(before);
        SharedVoskModels.release(dir);
        assertThat(SharedVoskModels.loaded()).isEqualTo(before);
        Path other = Files.createTempDirectory("vosk-copy-");
        try {
            copy(dir, other);
            SharedVoskModels.acquire(other);
            assertThat(SharedVoskModels.loaded()).isEqualTo(before + 1);
            SharedVoskModels.release(other);
            assertThat(SharedVoskModels.loaded()).isEqualTo(before);
        } finally {
            try (var walk = Files.walk(other)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        try (var walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    @Test
    void numbersAreComparedByValue() throws IOException {
        // the reference says "fourteen fifty-five" and "forty-two"; Vosk writes them as words too,
        // but the book's "1455" must score the same
        String file = "speech/ljspeech_LJ001-0007.wav";
        List<String> words = text(engine.transcribe(RealFootage.samples16k(file), 0).words());
        List<String> book =
                List.of(
                        "the earliest book printed with movable types, the Gutenberg, or \"forty-two line Bible\" of about 1455,"
                                .split("\\s+"));
        double spoken = SpeechMetrics.wordErrorRate(RealFootage.referenceWords(file), words);
        assertThat(SpeechMetrics.wordErrorRate(book, words)).isEqualTo(spoken);
        assertThat(spoken).isLessThan(0.15); // measured 1 error (Guttenberg) in 16
    }

    @Test
    void aWordCutByASegmentBoundaryAppearsOnceWithItsWholeFileTimes() throws IOException {
        short[] samples = RealFootage.samples16k("speech/librispeech_1272-141231-0002.wav");
        List<Word> whole = engine.transcribe(samples, 0).words();
        Word cut =
                whole.stream()
                        .max(
                                (a, b) ->
                                        Long.compare(
                                                a.getEndUs() - a.getStartUs(),
                                                b.getEndUs() - b.getStartUs()))
                        .orElseThrow();
        long boundary = (cut.getStartUs() + cut.getEndUs()) / 2 - 10_000;
        long end = Wav16kMono.timeOf(samples.length);
        List<List<Word>> perSegment = new ArrayList<>();
        for (long[] range : new long[][] {{0, boundary}, {boundary, end}}) {
            // as the segment transcriber does: the overlap, and utterances crossing it whole
            long from = Math.max(0, range[0] - ChunkedSpeech.OVERLAP_US);
            long to = Math.min(end, range[1] + ChunkedSpeech.OVERLAP_US);
            perSegment.add(
                    ChunkedSpeech.owned(
                            engine.transcribe(samples, 0, from, to).words(), range[0], range[1]));
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
        assertThat(copies).as("the word %s cut at %d us", cut.getText(), boundary).hasSize(1);
        assertThat(Math.abs(copies.get(0).getStartUs() - cut.getStartUs()))
                .isLessThanOrEqualTo(30_000);
        assertThat(Math.abs(copies.get(0).getEndUs() - cut.getEndUs())).isLessThanOrEqualTo(30_000);
        // each utterance is decoded whole on its own, so the split changes nothing
        assertThat(merged).isEqualTo(whole);
    }

    @Test
    void silenceGivesNoWords() throws IOException {
        Transcript t = engine.transcribe(new short[16_000 * 5], 0);
        assertThat(t.words()).isEmpty();
        assertThat(t.speech()).isEmpty();
        assertThat(AudioCondition.of(new short[16_000]).findings(0, 0))
                .containsExactly(AudioCondition.Finding.SILENT);
        assertThat(t.findings()).containsExactly("SILENT");
    }

    @Test
    void musicGivesFewWordsAndSaysSo() throws IOException {
        // Big Buck Bunny's first 30 s: orchestral music and birdsong, no speech
        short[] samples = RealFootage.samples16k("moviepy_big_buck_bunny_0_30.webm");
        Transcript t = engine.transcribe(samples, 0);
        double voice =
                t.speech().stream().mapToLong(s -> s.getEndUs() - s.getStartUs()).sum() / 1e6;
        assertThat(t.words().size()).as("words in 30 s of music").isLessThan(15);
        assertThat(voice).as("seconds the voice detector took for voice").isGreaterThan(3);
        assertThat(AudioCondition.of(samples).findings(voice, t.words().size()))
                .contains(AudioCondition.Finding.LITTLE_SPEECH);
        assertThat(t.findings()).contains("LITTLE_SPEECH");
    }

    @Test
    void telephoneAudioIsRecognisedAndFlaggedAsNarrowBand() throws IOException {
        String file = "speech/librispeech_1272-128104-0004_8k.wav";
        short[] samples = RealFootage.samples16k(file);
        Transcript t = engine.transcribe(samples, 0);
        // measured 20 errors in 68 words: proper names and band-limited audio
        assertThat(SpeechMetrics.wordErrorRate(RealFootage.referenceWords(file), text(t.words())))
                .isLessThan(0.45);
        assertThat(t.findings()).containsExactly("NARROW_BAND");
        short[] wide = RealFootage.samples16k("speech/librispeech_1272-141231-0002.wav");
        assertThat(AudioCondition.of(wide).findings(12, 30)).isEmpty();
    }

    @Test
    void clippedAudioStillGivesWordsAndIsFlagged() throws IOException {
        short[] samples = RealFootage.samples16k("speech/ljspeech_LJ001-0001.wav");
        short[] loud = new short[samples.length];
        for (int i = 0; i < samples.length; i++) {
            loud[i] = (short) Math.max(-32768, Math.min(32767, samples[i] * 12));
        }
        Transcript t = engine.transcribe(loud, 0);
        assertThat(t.words().size()).isGreaterThan(10);
        assertThat(t.findings()).containsExactly("CLIPPED");
    }

    @Test
    void aModelDirectoryThatIsMissingOrNotAModelFailsNamingIt(@TempDir Path dir)
            throws IOException {
        Path missing = dir.resolve("nowhere");
        assertThatThrownBy(() -> new VoskEngine(missing.toString(), 250_000))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("does not exist");
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Files.createDirectories(empty.resolve("conf"));
        Files.writeString(empty.resolve("conf/model.conf"), "--beam=10\n");
        assertThatThrownBy(() -> new VoskEngine(empty.toString(), 250_000))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(empty.toString())
                .hasMessageContaining("is not a Vosk model: missing am/final.mdl, graph/HCLG.fst");
    }

    @Test
    void aConfiguredModelDirectoryIsUsed() throws IOException {
        try (VoskEngine configured = new VoskEngine(engine.modelDir().toString(), 250_000)) {
            assertThat(configured.modelDir()).isEqualTo(engine.modelDir());
            assertThat(
                            configured
                                    .transcribe(
                                            RealFootage.samples16k(
                                                    "speech/ljspeech_LJ001-0001.wav"),
                                            0)
                                    .words())
                    .hasSizeGreaterThan(20);
        }
    }
}
