package io.clipstream.operators.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import io.clipstream.operators.analysis.CropPlanner;
import io.clipstream.operators.analysis.VideoAssembler;
import io.clipstream.operators.media.MediaLimits;
import io.clipstream.operators.media.MediaProbe;
import io.clipstream.operators.media.ProbeResult;
import io.clipstream.operators.media.SyntheticVideo;
import io.clipstream.operators.storage.TenantPaths;
import io.clipstream.operators.testing.TestVideos;
import io.clipstream.schemas.ClipPlan;
import io.clipstream.schemas.RenderedOutput;
import io.clipstream.schemas.TimeSpan;
import io.clipstream.schemas.Word;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Jump cuts, loudness, subtitles, titles and thumbnails of rendered clips, read back. */
class FinishedClipTest {

    static ClipPlan plan(
            ProbeResult probe,
            long startFrame,
            long endFrame,
            List<long[]> keptFrames,
            List<Word> words,
            String style,
            String... aspects) {
        List<io.clipstream.schemas.CropPath> crops = new ArrayList<>();
        long startUs = probe.timeOfFrame(startFrame);
        for (String a : aspects) {
            crops.add(CropPlanner.centre(probe.facts(), a, startUs));
        }
        List<TimeSpan> kept = new ArrayList<>();
        for (long[] k : keptFrames) {
            kept.add(new TimeSpan(probe.timeOfFrame(k[0]), probe.timeOfFrame(k[1])));
        }
        return ClipPlan.newBuilder()
                .setClipId(VideoAssembler.clipId("talk", startFrame, endFrame))
                .setVideoId("talk")
                .setTenantId("acme")
                .setSourceUri("file:///unused")
                .setRank(1)
                .setClipCount(1)
                .setScore(50f)
                .setTitle("t")
                .setStartUs(startUs)
                .setEndUs(probe.timeOfFrame(endFrame))
                .setStartFrame(startFrame)
                .setEndFrame(endFrame)
                .setKeptIntervals(kept)
                .setCaptionWords(words)
                .setCaptionStyle(style)
                .setCropPaths(crops)
                .setStream(probe.facts())
                .setRequestedAt(Instant.EPOCH)
                .build();
    }

    static TenantPaths paths(Path dir) {
        return new TenantPaths(
                dir.resolve("uploads").toUri().toString(),
                dir.resolve("work").toUri().toString(),
                dir.resolve("clips").toUri().toString());
    }

    static Word word(String text, double start, double end) {
        return new Word(text, Math.round(start * 1e6), Math.round(end * 1e6), 1f, false, 0L);
    }

    @Test
    void jumpCutsShowExactlyTheKeptFramesAndRetimeTheSubtitles(@TempDir Path dir) throws Exception {
        ProbeResult probe = MediaProbe.probe(TestVideos.talk(), MediaLimits.DEFAULT);
        // frames 40-49 (shot 0 until 44, then shot 1) and 100-109 (shot 2, which runs 90-119)
        List<Word> words =
                List.of(
                        word("first", 1.40, 1.60),
                        word("cut", 2.0, 2.5),
                        word("second", 3.40, 3.60));
        ClipPlan plan =
                plan(
                        probe,
                        40,
                        110,
                        List.of(new long[] {40, 50}, new long[] {100, 110}),
                        words,
                        "none",
                        "9:16");
        ClipRenderer.Rendered rendered =
                new ClipRenderer(ClipRenderer.Settings.DEFAULT, paths(dir))
                        .render(plan, TestVideos.talk());
        RenderedOutput out = rendered.outputs().get(0);
        assertThat(out.getFrameCount()).isEqualTo(20);
        assertThat(rendered.durationUs()).isEqualTo(666_667L);
        assertThat(out.getDurationUs()).isEqualTo(666_667L);
        Path clip = Path.of(java.net.URI.create(out.getUri()));
        List<Integer> shots = ClipRendererTest.dominantShots(clip);
        assertThat(shots).hasSize(20);
        assertThat(shots.subList(0, 5)).containsOnly(0);
        assertThat(shots.subList(5, 10)).containsOnly(1);
        assertThat(shots.subList(10, 20)).containsOnly(2);
        // "cut" (2.0-2.5 s) falls in the jump cut and is not shown; "second" moves from 3.4 s to
        // 3.4 - 3.333 + 0.333 = 0.4 s of the clip
        String srt = Files.readString(Path.of(java.net.URI.create(rendered.srtUri())));
        // one cue (0.2 s apart), held to the clip's end
        assertThat(srt).isEqualTo("1\n00:00:00,067 --> 00:00:00,667\nFirst second\n\n");
        String vtt = Files.readString(Path.of(java.net.URI.create(rendered.vttUri())));
        assertThat(vtt).isEqualTo("WEBVTT\n\n00:00:00.067 --> 00:00:00.667\nFirst second\n\n");
    }

    @Test
    void joinsInTheEncodedSoundHaveNoClick(@TempDir Path dir) throws Exception {
        // a steady 317 Hz tone: every join of a butt-jointed cut would jump to another phase
        short[] tone = new short[16_000 * 4];
        for (int i = 0; i < tone.length; i++) {
            tone[i] = (short) Math.round(8000 * Math.sin(2 * Math.PI * 317 * i / 16_000.0));
        }
        Path video = dir.resolve("tone.mp4");
        SyntheticVideo.Spec talk = TestVideos.talkSpec();
        SyntheticVideo.write(
                new SyntheticVideo.Spec(
                        talk.width(),
                        talk.height(),
                        talk.fps(),
                        4,
                        talk.shots(),
                        talk.voices(),
                        true),
                tone,
                video);
        ProbeResult probe = MediaProbe.probe(video, MediaLimits.DEFAULT);
        ClipPlan plan =
                plan(
                        probe,
                        10,
                        100,
                        List.of(new long[] {10, 33}, new long[] {47, 61}, new long[] {76, 100}),
                        List.of(),
                        "none",
                        "1:1");
        Path out = dir.resolve("clip.mp4");
        ClipRenderer.Encoded encoded =
                new ClipRenderer(ClipRenderer.Settings.DEFAULT, paths(dir))
                        .encode(plan, plan.getCropPaths().get(0), video, out);
        float[] x = decodeAudio(out)[0];
        ClipTimeline timeline = ClipTimeline.of(plan);
        double near = 0;
        double around = 0;
        for (int i = 1; i < x.length; i++) {
            double step = Math.abs(x[i] - x[i - 1]);
            double t = i * 1e6 / 48_000;
            double d = Double.MAX_VALUE;
            for (int p = 1; p < timeline.pieces(); p++) {
                d = Math.min(d, Math.abs(t - timeline.pieceOutputStartUs(p)));
            }
            if (d < 5_000) {
                near = Math.max(near, step);
            } else if (d > 20_000 && d < 150_000 && t > 100_000) {
                around = Math.max(around, step);
            }
        }
        assertThat(near)
                .as("largest sample step at a join vs in the tone around it")
                .isLessThanOrEqualTo(around * 1.1);
        assertThat(encoded.frames()).isEqualTo(23 + 14 + 24);
    }

    @Test
    void everyOutputIs48kStereoAtTheLoudnessTarget(@TempDir Path dir) throws Exception {
        // the talk is mono 16 kHz at about -26 dBFS
        ProbeResult probe = MediaProbe.probe(TestVideos.talk(), MediaLimits.DEFAULT);
        ClipPlan plan =
                plan(probe, 0, 300, List.of(new long[] {0, 300}), List.of(), "none", "16:9");
        Path out = dir.resolve("clip.mp4");
        ClipRenderer.Encoded encoded =
                new ClipRenderer(ClipRenderer.Settings.DEFAULT, paths(dir))
                        .encode(plan, plan.getCropPaths().get(0), TestVideos.talk(), out);
        ProbeResult clip = MediaProbe.probe(out, MediaLimits.DEFAULT);
        assertThat(clip.facts().getAudioChannels()).isEqualTo(2);
        assertThat(clip.facts().getAudioSampleRate()).isEqualTo(48_000);
        float[][] sound = decodeAudio(out);
        double lufs = LoudnessMeter.integrated(sound);
        double peak = LoudnessMeter.truePeak(sound);
        assertThat(lufs)
                .as("integrated loudness of the encoded file")
                .isCloseTo(-14.0, offset(0.5));
        assertThat(peak).as("true peak of the encoded file").isLessThanOrEqualTo(-1.0);
        assertThat(encoded.loudness()).isCloseTo(-14.0, offset(0.3));
        // FFmpeg's ebur128 filter, when the ffmpeg command is installed, reads the same loudness
        Double ffmpeg = FfmpegReference.integratedLoudness(out);
        if (ffmpeg != null) {
            assertThat(ffmpeg).as("ffmpeg ebur128 vs ours").isCloseTo(lufs, offset(0.3));
        }
    }

    @Test
    void theThumbnailIsASteadyFrameAwayFromCuts(@TempDir Path dir) throws Exception {
        // ten seconds of the talk: cuts at frames 45, 90, 120, 200 and 271; the plan knows none
        ProbeResult probe = MediaProbe.probe(TestVideos.talk(), MediaLimits.DEFAULT);
        ClipPlan plan = plan(probe, 0, 300, List.of(new long[] {0, 300}), List.of(), "none", "1:1");
        int frame = thumbnailFrame(plan, TestVideos.talk(), dir);
        for (int cut : TestVideos.TALK_CUTS) {
            assertThat(Math.abs(frame - cut))
                    .as("thumbnail frame %d against the cut at %d", frame, cut)
                    .isGreaterThanOrEqualTo(8);
        }
        assertThat(frame).isBetween(12, 288);
    }

    @Test
    void onRealFootageTheThumbnailAvoidsTheFadeInAndTheCuts(@TempDir Path dir) throws Exception {
        // Big Buck Bunny 0-30 s: a fade-in from black over frames 0-47, cuts at 283, 376 and 551
        // (hand-checked ground truth of the shared real media)
        Path source =
                io.clipstream.operators.testing.RealFootage.file(
                        "moviepy_big_buck_bunny_0_30.webm");
        ProbeResult probe = MediaProbe.probe(source, MediaLimits.DEFAULT);
        long frames = probe.frameCount();
        ClipPlan plan =
                plan(probe, 0, frames, List.of(new long[] {0, frames}), List.of(), "none", "16:9");
        int frame = thumbnailFrame(plan, source, dir);
        assertThat(frame).as("after the fade-in").isGreaterThanOrEqualTo(48);
        for (int cut : List.of(283, 376, 551)) {
            assertThat(Math.abs(frame - cut))
                    .as("thumbnail frame %d against the cut at %d", frame, cut)
                    .isGreaterThanOrEqualTo(6);
        }
    }

    /** Renders the plan's first output and finds which of its frames the thumbnail is. */
    static int thumbnailFrame(ClipPlan plan, Path source, Path dir) throws Exception {
        Path out = dir.resolve("thumb-clip.mp4");
        ClipRenderer.Encoded encoded =
                new ClipRenderer(ClipRenderer.Settings.DEFAULT, paths(dir))
                        .encode(plan, plan.getCropPaths().get(0), source, out);
        java.awt.image.BufferedImage thumb = encoded.thumbnail();
        assertThat(thumb.getWidth()).isEqualTo(plan.getCropPaths().get(0).getOutputWidth());
        assertThat(thumb.getHeight()).isEqualTo(plan.getCropPaths().get(0).getOutputHeight());
        int best = -1;
        double bestDiff = Double.MAX_VALUE;
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(out.toFile())) {
            g.setPixelFormat(org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24);
            g.start();
            Frame f;
            int n = 0;
            while ((f = g.grabImage()) != null) {
                java.nio.ByteBuffer b = (java.nio.ByteBuffer) f.image[0];
                double d = 0;
                for (int y = 20; y < f.imageHeight; y += 40) {
                    for (int x = 20; x < f.imageWidth; x += 40) {
                        int p = thumb.getRGB(x, y);
                        int i = y * f.imageStride + x * 3;
                        d += Math.abs((b.get(i + 2) & 0xff) - ((p >> 16) & 0xff));
                        d += Math.abs((b.get(i + 1) & 0xff) - ((p >> 8) & 0xff));
                        d += Math.abs((b.get(i) & 0xff) - (p & 0xff));
                    }
                }
                if (d < bestDiff) {
                    bestDiff = d;
                    best = n;
                }
                n++;
            }
        }
        return best;
    }

    /** The file's sound decoded at 48 kHz, two channels. */
    static float[][] decodeAudio(Path file) throws Exception {
        return ClipAudio.decodeFile(file);
    }
}
