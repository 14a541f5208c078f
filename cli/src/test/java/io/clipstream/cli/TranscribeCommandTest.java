package io.clipstream.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clipstream.operators.speech.SpeechFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TranscribeCommandTest {
    @TempDir Path dir;

    static SpeechFixtures.Fixture fixture() {
        assumeThat(SpeechFixtures.available())
                .as(
                        "skipped: the speech fixture is spoken by espeak-ng; install the Debian package espeak-ng")
                .isTrue();
        return SpeechFixtures.standard().get(1);
    }

    @Test
    void jsonHasEngineWordsAndSpeechInSeconds() throws Exception {
        SpeechFixtures.Fixture f = fixture();
        Path wav = dir.resolve("talk.wav");
        f.writeWav(wav);
        var run = ClipCommandITCase.run("transcribe", wav.toString(), "--json");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        JsonNode root = new ObjectMapper().readTree(run.stdout());
        assertThat(fieldNames(root)).containsExactly("engine", "text", "words", "speech");
        assertThat(root.get("engine").asText()).isEqualTo("vosk");
        assertThat(root.get("text").asText()).matches("^[A-Z].*[.?]$");
        assertThat(root.get("words").size()).isGreaterThan(f.script().size() / 2);
        for (JsonNode w : root.get("words")) {
            assertThat(fieldNames(w))
                    .containsExactly("text", "start", "end", "confidence", "filler");
            assertThat(w.get("end").asDouble()).isGreaterThan(w.get("start").asDouble());
            assertThat(w.get("confidence").asDouble()).isBetween(0.0, 1.0);
            assertThat(w.get("filler").isBoolean()).isTrue();
        }
        assertThat(root.get("speech").size()).isEqualTo(f.speech().size());
        assertThat(root.get("speech").get(0).get("start").asDouble())
                .isCloseTo(
                        f.speech().get(0).getStartUs() / 1e6,
                        org.assertj.core.data.Offset.offset(0.1));
    }

    @Test
    void realSpeechGivesReadableTextWithNothingInstalled() throws Exception {
        // LJ Speech LJ001-0007 (public domain): "... of about fourteen fifty-five"
        Path wav =
                io.clipstream.operators.testing.RealFootage.file("speech/ljspeech_LJ001-0007.wav");
        var run = ClipCommandITCase.run("transcribe", wav.toString(), "--json");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        JsonNode root = new ObjectMapper().readTree(run.stdout());
        assertThat(root.get("engine").asText()).isEqualTo("vosk");
        String text = root.get("text").asText();
        assertThat(text).startsWith("The earliest book printed").endsWith("of about 1455.");
        // the words keep the recogniser's spelling
        List<String> words = new java.util.ArrayList<>();
        root.get("words").forEach(w -> words.add(w.get("text").asText()));
        assertThat(words).endsWith("fourteen", "fifty", "five").contains("earliest");
    }

    @Test
    void sidecarTranscriptGivesItsOwnWordsWithFillersMarked() throws Exception {
        SpeechFixtures.Fixture f = fixture();
        Path wav = dir.resolve("talk.wav");
        f.writeWav(wav);
        Path transcript =
                Files.writeString(
                        dir.resolve("talk.srt"),
                        TranscriptClipITCase.srt(SpeechFixtures.captionerCues(f)));
        var run =
                ClipCommandITCase.run(
                        "transcribe",
                        wav.toString(),
                        "--transcript",
                        transcript.toString(),
                        "--json");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        JsonNode root = new ObjectMapper().readTree(run.stdout());
        assertThat(root.get("engine").asText()).isEqualTo("sidecar");
        assertThat(root.get("words").size()).isEqualTo(f.script().size());
        // the fixture says "Uh, the real price ..."
        boolean uhIsFiller = false;
        for (JsonNode w : root.get("words")) {
            if (w.get("text").asText().equals("Uh,")) {
                uhIsFiller = w.get("filler").asBoolean();
            }
        }
        assertThat(uhIsFiller).isTrue();
    }

    @Test
    void engineNoneGivesSpeechWithoutWordsAndBadInputExitsNonZero() throws Exception {
        Path wav = dir.resolve("tones.wav");
        short[] samples = new short[48_000];
        for (int i = 16_000; i < 32_000; i++) {
            samples[i] = (short) (6000 * Math.sin(2 * Math.PI * 180 * i / 16_000.0));
        }
        try (var w = new io.clipstream.operators.media.Wav16kMono.Writer(wav)) {
            w.write(samples, 0, samples.length);
        }
        var run = ClipCommandITCase.run("transcribe", wav.toString(), "--engine", "none", "--json");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        JsonNode root = new ObjectMapper().readTree(run.stdout());
        assertThat(root.get("engine").asText()).isEqualTo("none");
        assertThat(root.get("words").size()).isZero();
        assertThat(root.get("speech").size()).isEqualTo(1);
        assertThat(root.get("speech").get(0).get("start").asDouble())
                .isCloseTo(1.0, org.assertj.core.data.Offset.offset(0.05));

        var missing = ClipCommandITCase.run("transcribe", dir.resolve("nope.wav").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        var notMedia =
                ClipCommandITCase.run(
                        "transcribe", Files.writeString(dir.resolve("x.txt"), "hello").toString());
        assertThat(notMedia.exitCode()).isEqualTo(1);
        assertThat(notMedia.stdout()).isEmpty();
        var noModel = ClipCommandITCase.run("transcribe", wav.toString(), "--engine", "whisper");
        assertThat(noModel.exitCode()).isEqualTo(1);
        assertThat(noModel.stderr()).contains("whisper-export.py");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }
}
