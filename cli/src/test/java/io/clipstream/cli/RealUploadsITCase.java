package io.clipstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clipstream.operators.testing.DamagedVideos;
import io.clipstream.operators.testing.MediaFormats;
import io.clipstream.operators.testing.TestVideos;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real uploads through {@code clipstream clip}, all in one run as a user would send a batch: every
 * common format is clipped, a file with damaged packets is clipped with a warning, and bad input
 * fails with its reason while the rest of the batch goes on.
 */
class RealUploadsITCase {
    @Test
    void everyFormatIsClippedDamageWarnsAndBadInputFailsWithItsReason(@TempDir Path dir)
            throws Exception {
        Map<Path, MediaFormats.Format> formats = new LinkedHashMap<>();
        for (MediaFormats.Format f : MediaFormats.ALL) {
            formats.put(MediaFormats.file(f), f);
        }
        Path damaged = dir.resolve("damaged.mp4");
        DamagedVideos.zeroPackets(TestVideos.talk(), damaged, p -> p >= 100 && p < 104);
        Path ruined = dir.resolve("ruined.mp4");
        DamagedVideos.zeroPackets(TestVideos.talk(), ruined, p -> p >= 60 && p % 30 != 0);
        Map<Path, String> bad = new LinkedHashMap<>();
        bad.put(ruined, "CORRUPT");
        bad.put(TestVideos.empty(), "NOT_A_VIDEO");
        bad.put(TestVideos.notAVideo(), "NOT_A_VIDEO");
        bad.put(TestVideos.audioOnly(), "NO_VIDEO_STREAM");
        bad.put(TestVideos.truncatedBeforeFirstFrame(), "TRUNCATED");

        List<String> args =
                new ArrayList<>(List.of("clip", "--json", "--out", dir.resolve("out").toString()));
        args.addAll(List.of("--min-seconds", "1", "--max-seconds", "4", "--max-clips", "1"));
        // voice activity alone: the samples' tones are no speech, and words are not tested here
        args.addAll(List.of("-D", "clipstream.speech.engine=none"));
        formats.keySet().forEach(p -> args.add(p.toString()));
        args.add(damaged.toString());
        bad.keySet().forEach(p -> args.add(p.toString()));
        ClipCommandITCase.Run run = ClipCommandITCase.run(args.toArray(String[]::new));

        assertThat(run.exitCode()).as("some uploads fail").isEqualTo(1);
        assertThat(run.stdout().strip().lines()).hasSize(1);
        Map<String, JsonNode> bySource = new LinkedHashMap<>();
        for (JsonNode v : new ObjectMapper().readTree(run.stdout()).get("videos")) {
            bySource.put(v.get("source").asText(), v);
        }
        assertThat(bySource).hasSize(formats.size() + 1 + bad.size());
        for (var e : formats.entrySet()) {
            JsonNode v = bySource.get(e.getKey().toString());
            MediaFormats.Format format = e.getValue();
            assertThat(v.get("status").asText()).as("%s: %s", format, v).isEqualTo("DONE");
            assertThat(v.get("clips").size()).as("%s clips", format).isEqualTo(1);
            JsonNode clip = v.get("clips").get(0);
            assertPlayable(Path.of(clip.get("path").asText()), clip, format.audio(), format.name());
        }
        assertThat(
                        warnings(
                                bySource,
                                MediaFormats.ALL.stream()
                                        .filter(f -> !f.audio())
                                        .findFirst()
                                        .orElseThrow(),
                                formats))
                .anyMatch(w -> w.contains("no sound"));
        assertThat(
                        warnings(
                                bySource,
                                MediaFormats.ALL.stream()
                                        .filter(f -> f.file().startsWith("two-audio"))
                                        .findFirst()
                                        .orElseThrow(),
                                formats))
                .anyMatch(w -> w.contains("2 audio tracks"));

        JsonNode damagedRun = bySource.get(damaged.toString());
        assertThat(damagedRun.get("status").asText()).isEqualTo("DONE");
        assertThat(damagedRun.get("clips").size()).isEqualTo(1);
        assertThat(damagedRun.get("warnings").toString())
                .contains("could not be decoded")
                .contains("of 330 video frames");

        for (var e : bad.entrySet()) {
            JsonNode v = bySource.get(e.getKey().toString());
            assertThat(v.get("status").asText()).as("%s", e.getKey()).isEqualTo("FAILED");
            assertThat(v.get("reason").asText())
                    .as("%s", e.getKey())
                    .startsWith(e.getValue() + ": ");
            assertThat(run.stderr()).contains(e.getKey() + " was not clipped: " + e.getValue());
        }
    }

    private static List<String> warnings(
            Map<String, JsonNode> bySource,
            MediaFormats.Format format,
            Map<Path, MediaFormats.Format> files) {
        Path file =
                files.entrySet().stream()
                        .filter(e -> e.getValue() == format)
                        .findFirst()
                        .orElseThrow()
                        .getKey();
        List<String> out = new ArrayList<>();
        bySource.get(file.toString()).get("warnings").forEach(w -> out.add(w.asText()));
        return out;
    }

    /**
     * The clip opens, has the planned duration in video frames, and a 48 kHz stereo track whatever
     * the source: the source's sound at the loudness target, or silence when it has none.
     */
    private static void assertPlayable(Path clip, JsonNode json, boolean audio, String what)
            throws Exception {
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(clip.toFile())) {
            g.start();
            assertThat(g.getImageWidth()).as(what).isEqualTo(1080);
            assertThat(g.getImageHeight()).as(what).isEqualTo(1920);
            assertThat(g.getAudioChannels()).as("%s stereo", what).isEqualTo(2);
            assertThat(g.getSampleRate()).as("%s 48 kHz", what).isEqualTo(48_000);
            double lufs =
                    io.clipstream.operators.render.LoudnessMeter.integrated(
                            io.clipstream.operators.render.ClipAudio.decodeFile(clip));
            if (audio) {
                assertThat(lufs).as("%s loudness", what).isBetween(-15.0, -13.0);
            } else {
                assertThat(lufs)
                        .as("%s: silence")
                        .isEqualTo(io.clipstream.operators.render.LoudnessMeter.SILENT);
            }
            int frames = 0;
            while (g.grabImage() != null) {
                frames++;
            }
            double seconds = json.get("end").asDouble() - json.get("start").asDouble();
            assertThat(frames / g.getVideoFrameRate())
                    .as("%s duration", what)
                    .isCloseTo(seconds, org.assertj.core.data.Offset.offset(0.1));
        }
    }
}
