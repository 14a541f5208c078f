package io.clipstream.operators.speech.whisper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.clipstream.operators.media.Wav16kMono;
import io.clipstream.operators.speech.Transcript;
import io.clipstream.schemas.Word;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives the real loading, front end, decoding and alignment code with a tiny randomly initialised
 * Whisper that {@code tools/whisper-export.py} builds (with Debian's python3-torch) for the test,
 * and checks the Java side against PyTorch's own outputs for the same audio. Real weights are not
 * needed: what a trained model says is not what this test checks.
 */
class WhisperEngineTest {
    @TempDir static Path dir;
    static Path model;
    static short[] audio;

    @BeforeAll
    static void exportTinyModel() throws Exception {
        String reason = PythonTorch.unavailableReason();
        assumeThat(reason).as("skipped: %s", reason).isNull();
        audio = bursts();
        Path wav = dir.resolve("audio.wav");
        try (Wav16kMono.Writer writer = new Wav16kMono.Writer(wav)) {
            writer.write(audio, 0, audio.length);
        }
        model = dir.resolve("model");
        PythonTorch.run(
                "../tools/whisper-export.py",
                "--random",
                "--out",
                model.toString(),
                "--reference",
                wav.toString());
    }

    /** 4.5 s: three 0.8 s voiced-like bursts (harmonics of 140 Hz) in quiet noise. */
    static short[] bursts() {
        short[] samples = new short[72_000];
        java.util.Random random = new java.util.Random(3);
        for (int i = 0; i < samples.length; i++) {
            double t = i / 16_000.0;
            double value = random.nextGaussian() * 30;
            if ((t > 0.5 && t < 1.3) || (t > 2.0 && t < 2.8) || (t > 3.4 && t < 4.2)) {
                for (int h = 1; h <= 6; h++) {
                    value += 2500 / h * Math.sin(2 * Math.PI * 140 * h * t);
                }
            }
            samples[i] = (short) value;
        }
        return samples;
    }

    @Test
    void frontEndMatchesTorchStft() throws IOException {
        WhisperConfig config = WhisperConfig.read(model);
        float[][] mel = new LogMel(config.melBins()).compute(audio, 0, config.windowFrames());
        float[] reference = floats(model.resolve("reference-mel.f32"));
        assertThat(reference).hasSize(config.melBins() * config.windowFrames());
        double worst = 0;
        for (int m = 0; m < config.melBins(); m++) {
            for (int t = 0; t < config.windowFrames(); t++) {
                worst =
                        Math.max(
                                worst,
                                Math.abs(mel[m][t] - reference[m * config.windowFrames() + t]));
            }
        }
        assertThat(worst).isLessThan(1e-3);
    }

    @Test
    void loadedNetworkReproducesPyTorch() throws IOException {
        try (WhisperModel whisper = WhisperModel.load(model)) {
            WhisperConfig config = whisper.config();
            float[][] mel = new LogMel(config.melBins()).compute(audio, 0, config.windowFrames());
            try (WhisperModel.Window window = whisper.window(mel)) {
                assertClose(
                        window.features(), floats(model.resolve("reference-features.f32")), 2e-3);
                int[] prompt = new int[config.startSequence().length + 1];
                System.arraycopy(config.startSequence(), 0, prompt, 0, prompt.length - 1);
                prompt[prompt.length - 1] = config.timestampBegin();
                assertClose(
                        window.next(prompt), floats(model.resolve("reference-logits.f32")), 2e-3);
            }
        }
    }

    @Test
    void decodingFollowsTheTimestampRules() throws IOException {
        try (WhisperModel whisper = WhisperModel.load(model)) {
            WhisperConfig config = whisper.config();
            float[][] mel = new LogMel(config.melBins()).compute(audio, 0, config.windowFrames());
            try (WhisperModel.Window window = whisper.window(mel)) {
                List<GreedyDecoder.Token> tokens =
                        new GreedyDecoder(config).decode(window::next, config.textContext() / 2);
                assertThat(tokens).isNotEmpty();
                int tb = config.timestampBegin();
                assertThat(tokens.get(0).id())
                        .isBetween(tb, tb + GreedyDecoder.MAX_INITIAL_TIMESTAMP);
                int last = -1;
                for (GreedyDecoder.Token token : tokens) {
                    assertThat(token.id()).isLessThanOrEqualTo(config.lastTimestamp());
                    assertThat(token.probability()).isBetween(0f, 1f);
                    if (token.id() >= tb) {
                        assertThat(token.id()).isGreaterThanOrEqualTo(last);
                        last = token.id();
                    }
                }
            }
        }
    }

    @Test
    void transcribesWithWordTimesInsideTheAudio() throws IOException {
        try (WhisperEngine engine = new WhisperEngine(model, 250_000)) {
            long offset = 7_000_000;
            Transcript transcript = engine.transcribe(audio, offset);
            assertThat(transcript.engine()).isEqualTo("whisper");
            assertThat(transcript.speech()).hasSize(3);
            long end = offset + audio.length * 1_000_000L / 16_000;
            long previous = offset;
            for (Word word : transcript.words()) {
                assertThat(word.getText().toString()).isNotBlank();
                assertThat(word.getStartUs()).isBetween(previous, end);
                assertThat(word.getEndUs()).isBetween(word.getStartUs(), end);
                assertThat(word.getConfidence()).isBetween(0f, 1f);
                previous = word.getStartUs();
            }
        }
    }

    @Test
    void missingFilesAreNamed() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> WhisperModel.load(dir.resolve("nothing")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("encoder.pt")
                .hasMessageContaining("whisper-export.py");
    }

    private static void assertClose(float[] actual, float[] expected, double tolerance) {
        assertThat(actual).hasSameSizeAs(expected);
        double worst = 0;
        for (int i = 0; i < actual.length; i++) {
            worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
        }
        assertThat(worst).isLessThan(tolerance);
    }

    static float[] floats(Path file) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[bytes.remaining() / 4];
        bytes.asFloatBuffer().get(out);
        return out;
    }

    /** Debian's python3 with PyTorch, which builds the test model. */
    static final class PythonTorch {
        static final String PYTHON = "/usr/bin/python3";

        static String unavailableReason() {
            try {
                Process p =
                        new ProcessBuilder(PYTHON, "-c", "import torch, numpy")
                                .redirectErrorStream(true)
                                .start();
                String output = new String(p.getInputStream().readAllBytes());
                if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    return "building the tiny Whisper needs Debian's python3-torch (README, set-up): "
                            + output.strip();
                }
                return null;
            } catch (IOException | InterruptedException e) {
                return "building the tiny Whisper needs "
                        + PYTHON
                        + " with python3-torch: "
                        + e.getMessage();
            }
        }

        static void run(String... args) throws IOException, InterruptedException {
            String[] command = new String[args.length + 1];
            command[0] = PYTHON;
            System.arraycopy(args, 0, command, 1, args.length);
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("whisper-export.py failed: " + output);
            }
        }
    }
}
