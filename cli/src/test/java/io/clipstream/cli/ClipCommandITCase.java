package io.clipstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clipstream.operators.testing.TestVideos;
import io.clipstream.operators.webhooks.TestReceiver;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The {@code clipstream clip} command as a user runs it, embedded stack and all. */
class ClipCommandITCase {
    record Run(int exitCode, String stdout, String stderr) {}

    static Run run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
            int code = new CommandLine(new Main()).execute(args);
            return new Run(
                    code,
                    stdout.toString(StandardCharsets.UTF_8),
                    stderr.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void jsonModePrintsExactlyOneObjectWithTheClips(@TempDir Path dir) throws Exception {
        Run run =
                run(
                        "clip",
                        TestVideos.talk().toString(),
                        "--json",
                        "--out",
                        dir.toString(),
                        "--min-seconds",
                        "2",
                        "--max-seconds",
                        "6",
                        "--max-clips",
                        "2");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        // a successful run shows the bar and results; no library's stack trace or exception
        assertThat(run.stderr()).doesNotContain("Exception").doesNotContain("\tat ");
        JsonNode root = new ObjectMapper().readTree(run.stdout());
        assertThat(run.stdout().strip().lines()).hasSize(1);
        assertThat(root.get("videoId").asText()).isNotBlank();
        JsonNode clips = root.get("clips");
        assertThat(clips.size()).isBetween(1, 2);
        int srts = 0;
        for (int i = 0; i < clips.size(); i++) {
            JsonNode c = clips.get(i);
            assertThat(c.get("rank").asInt()).isEqualTo(i + 1);
            assertThat(c.get("end").asDouble() - c.get("start").asDouble()).isBetween(2.0, 6.0);
            assertThat(c.get("score").asDouble()).isBetween(0.0, 100.0);
            assertThat(Path.of(c.get("path").asText())).exists().startsWith(dir);
            assertThat(c.get("duration").asDouble()).isPositive();
            assertThat(c.get("title").asText()).isNotBlank();
            JsonNode outputs = c.get("outputs");
            assertThat(outputs.size()).isEqualTo(1);
            assertThat(outputs.get(0).get("aspect").asText()).isEqualTo("9:16");
            assertThat(outputs.get(0).get("path").asText()).isEqualTo(c.get("path").asText());
            assertThat(outputs.get(0).get("width").asInt()).isEqualTo(1080);
            assertThat(outputs.get(0).get("height").asInt()).isEqualTo(1920);
            assertThat(Path.of(c.get("thumbnail").asText())).exists().startsWith(dir);
            // the talk's voice is tones: subtitles only where the recogniser heard words in them
            JsonNode srt = c.get("captions").get("srt");
            if (!srt.isNull()) {
                assertThat(Path.of(srt.asText())).exists();
                assertThat(Path.of(c.get("captions").get("vtt").asText())).exists();
                srts++;
            }
        }
        assertThat(root.get("warnings").isArray()).isTrue();
        assertThat(Path.of(root.get("report").asText())).exists().startsWith(dir);
        // the clips and their thumbnails, the report, and the scored talking points archived for
        // clipstream sql
        assertThat(Files.list(dir)).hasSize(2 * clips.size() + 2 + 2 * srts);
        var scored = ScoredArchive.load(List.of(dir));
        assertThat(scored).isNotEmpty();
        assertThat(scored)
                .allSatisfy(
                        s ->
                                assertThat(s.getVideoId().toString())
                                        .isEqualTo(root.get("videoId").asText()));
        assertThat(scored.stream().filter(s -> s.getSelected()).count()).isEqualTo(clips.size());
    }

    /** The arguments that send a run's webhooks to a receiver on this machine. */
    static List<String> callback(TestReceiver receiver, String secret) {
        return List.of(
                "--callback-url",
                receiver.url() + "hooks?token=t0k",
                "--webhook-secret",
                secret,
                "-D",
                "clipstream.webhooks.allow-private-networks=true");
    }

    static JsonNode verified(TestReceiver.Received r, String secret) throws Exception {
        assertThat(r.signedWith(secret)).as(r.body()).isTrue();
        return new ObjectMapper().readTree(r.body());
    }

    @Test
    void aBrandKitsLocalFontAndLogoReachTheClipAndTheCallbackHearsOfIt(@TempDir Path dir)
            throws Exception {
        TestReceiver receiver = new TestReceiver(() -> 200);
        // a kit file naming a local font and a logo beside it, as a user writes one
        Path kitDir = Files.createDirectories(dir.resolve("brand"));
        try (var in =
                io.clipstream.operators.render.captions.BrandLook.class.getResourceAsStream(
                        "DejaVuSans-Bold.ttf")) {
            Files.copy(in, kitDir.resolve("font.ttf"));
        }
        java.awt.image.BufferedImage logo =
                new java.awt.image.BufferedImage(
                        100, 100, java.awt.image.BufferedImage.TYPE_INT_RGB);
        var g = logo.createGraphics();
        g.setColor(java.awt.Color.RED);
        g.fillRect(0, 0, 100, 100);
        g.dispose();
        javax.imageio.ImageIO.write(logo, "png", kitDir.resolve("logo.png").toFile());
        Files.writeString(
                kitDir.resolve("kit.json"),
                "{\"fontUri\": \"font.ttf\", \"logoUri\": \"logo.png\", \"logoCorner\": \"top-left\","
                        + " \"logoOpacity\": 1.0, \"logoWidth\": 0.2, \"textColor\": \"#00FF00\"}");
        Path out = dir.resolve("out");
        List<String> args =
                new java.util.ArrayList<>(
                        List.of(
                                "clip",
                                TestVideos.talk().toString(),
                                "--json",
                                "--out",
                                out.toString(),
                                "--aspect",
                                "1:1",
                                "--min-seconds",
                                "2",
                                "--max-seconds",
                                "6",
                                "--max-clips",
                                "1",
                                "--brand-kit",
                                kitDir.resolve("kit.json").toString()));
        args.addAll(callback(receiver, "kit-secret"));
        Run run = run(args.toArray(String[]::new));
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stderr()).doesNotContain("Exception");
        JsonNode root = new ObjectMapper().readTree(run.stdout());
        JsonNode clip = root.get("clips").get(0);
        // the run waited for its last webhook and says how it went; the token is not repeated
        assertThat(root.get("webhook").asText())
                .isEqualTo(
                        "delivered 'completed' to "
                                + receiver.url()
                                + "hooks (HTTP 200, attempt 1)");
        var ends =
                receiver.received().stream()
                        .filter(r -> r.header("Idempotency-Key").endsWith(".end"))
                        .toList();
        assertThat(ends).hasSize(1);
        assertThat(ends.get(0).path()).isEqualTo("/hooks?token=t0k");
        JsonNode completed = verified(ends.get(0), "kit-secret");
        assertThat(completed.get("event").asText()).isEqualTo("completed");
        assertThat(completed.get("videoId").asText()).isEqualTo(root.get("videoId").asText());
        assertThat(completed.get("clips")).hasSize(1);
        assertThat(completed.get("clips").get(0).get("score").asDouble())
                .isCloseTo(clip.get("score").asDouble(), org.assertj.core.data.Offset.offset(0.06));
        assertThat(completed.get("clips").get(0).get("outputs").get(0).get("aspect").asText())
                .isEqualTo("1:1");
        // the logo's square, 216 px of a 1080 px output, in the top-left corner of the safe area
        try (var grabber = new org.bytedeco.javacv.FFmpegFrameGrabber(clip.get("path").asText())) {
            grabber.setPixelFormat(org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24);
            grabber.start();
            var frame = grabber.grabImage();
            var b = (java.nio.ByteBuffer) frame.image[0];
            int x = 43 + 108;
            int y = 43 + 108;
            int i = y * frame.imageStride + x * 3;
            assertThat(b.get(i + 2) & 0xff).as("red").isGreaterThan(200);
            assertThat(b.get(i + 1) & 0xff).as("green").isLessThan(60);
            assertThat(b.get(i) & 0xff).as("blue").isLessThan(60);
        }

        // a kit that cannot be used fails the upload with the field named
        Files.writeString(kitDir.resolve("bad.json"), "{\"textColor\": \"nope\"}");
        List<String> badArgs =
                new java.util.ArrayList<>(
                        List.of(
                                "clip",
                                TestVideos.talk().toString(),
                                "--out",
                                dir.resolve("bad").toString(),
                                "--brand-kit",
                                kitDir.resolve("bad.json").toString()));
        badArgs.addAll(callback(receiver, "kit-secret"));
        Run bad = run(badArgs.toArray(String[]::new));
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.stderr()).contains("INVALID_REQUEST").contains("textColor 'nope'");
        // ... and the callback hears a signed failed with the same reason
        assertThat(bad.stderr()).contains("webhook: delivered 'failed'");
        JsonNode failed =
                verified(
                        receiver.received().stream()
                                .filter(r -> r.body().contains("\"event\":\"failed\""))
                                .findFirst()
                                .orElseThrow(),
                        "kit-secret");
        assertThat(failed.get("reason").asText()).isEqualTo("INVALID_REQUEST");
        assertThat(failed.get("message").asText()).contains("textColor 'nope'");
        receiver.close();
        // and a kit file with a field clipstream does not know is refused before anything starts
        Files.writeString(kitDir.resolve("typo.json"), "{\"textColour\": \"#FFFFFF\"}");
        Run typo =
                run(
                        "clip",
                        TestVideos.talk().toString(),
                        "--brand-kit",
                        kitDir.resolve("typo.json").toString());
        assertThat(typo.exitCode()).isEqualTo(2);
        assertThat(typo.stderr()).contains("unknown field 'textColour'");
    }

    @Test
    void badInputExitsNonZeroWithOneLineReason(@TempDir Path dir) {
        Run run = run("clip", TestVideos.notAVideo().toString(), "--out", dir.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stdout()).isEmpty();
        assertThat(run.stderr().lines().filter(l -> l.startsWith("clipstream: ")))
                .singleElement()
                .satisfies(l -> assertThat(l).contains("NOT_A_VIDEO"));
    }

    @Test
    void missingFileExitsWithoutStartingAnything() {
        Run run = run("clip", "/nonexistent/talk.mp4");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).contains("no such file");
    }
}
