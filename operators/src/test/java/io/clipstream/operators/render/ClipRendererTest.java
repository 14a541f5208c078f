package io.clipstream.operators.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;

import io.clipstream.operators.media.MediaLimits;
import io.clipstream.operators.media.MediaProbe;
import io.clipstream.operators.media.ProbeResult;
import io.clipstream.operators.storage.TenantPaths;
import io.clipstream.operators.testing.RealFootage;
import io.clipstream.operators.testing.TestVideos;
import io.clipstream.schemas.ClipPlan;
import io.clipstream.schemas.CropKeyframe;
import io.clipstream.schemas.RenderedOutput;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClipRendererTest {

    /** The frames {@code [startFrame, endFrame)} whole, centre-cropped, without captions. */
    static ClipPlan plan(ProbeResult probe, long startFrame, long endFrame, String... aspects) {
        return FinishedClipTest.plan(
                probe,
                startFrame,
                endFrame,
                List.of(new long[] {startFrame, endFrame}),
                List.of(),
                "none",
                aspects);
    }

    @Test
    void firstAndLastFramesAreThePlannedOnes(@TempDir Path dir) throws Exception {
        ProbeResult probe = MediaProbe.probe(TestVideos.talk(), MediaLimits.DEFAULT);
        // frames 40..94: shot 0 until 44, shot 1 from 45 to 89, shot 2 from 90
        ClipPlan plan = plan(probe, 40, 95, "9:16");
        Path out = dir.resolve("clip.mp4");
        long frames =
                new ClipRenderer(ClipRenderer.Settings.DEFAULT, paths(dir))
                        .encode(plan, plan.getCropPaths().get(0), TestVideos.talk(), out)
                        .frames();
        assertThat(frames).isEqualTo(55);

        ProbeResult clip = MediaProbe.probe(out, MediaLimits.DEFAULT);
        assertThat(clip.facts().getWidth()).isEqualTo(1080);
        assertThat(clip.facts().getHeight()).isEqualTo(1920);
        assertThat(clip.frameCount()).isEqualTo(55);
        assertThat(clip.facts().getAudioCodec()).isEqualTo("aac");
        assertThat(Files.readAllBytes(out))
                .as("faststart: moov before mdat")
                .satisfies(
                        b -> {
                            String head =
                                    new String(
                                            b,
                                            0,
                                            4096,
                                            java.nio.charset.StandardCharsets.ISO_8859_1);
                            assertThat(head.indexOf("moov"))
                                    .isPositive()
                                    .isLessThan(Math.max(head.indexOf("mdat"), 4096));
                        });
        List<Integer> shotOfFrame = dominantShots(out);
        // source frames 40-44 are shot 0, 45-89 shot 1, 90-94 shot 2
        assertThat(shotOfFrame.subList(0, 5)).containsOnly(0);
        assertThat(shotOfFrame.subList(5, 50)).containsOnly(1);
        assertThat(shotOfFrame.subList(50, 55)).containsOnly(2);
    }

    @Test
    void soundMadeBesideThePicturesHandsOverItsResultOrItsFailure() throws Exception {
        ClipAudio silence = ClipAudio.of(new float[2][48_000]);
        ClipRenderer.PendingSound ok =
                new ClipRenderer.PendingSound("test-sound", () -> silence, false);
        assertThat(ok.get()).isSameAs(silence);
        assertThat(ok.ready()).isTrue();
        ClipRenderer.PendingSound failed =
                new ClipRenderer.PendingSound(
                        "test-sound",
                        () -> {
                            throw new java.io.IOException("Reading the sound of c1 failed: EOF");
                        },
                        false);
        org.assertj.core.api.Assertions.assertThatThrownBy(failed::get)
                .isInstanceOf(java.io.IOException.class)
                .hasMessage("Reading the sound of c1 failed: EOF");
        // with the stage clock on it is made on the caller's thread, before the pictures
        Thread[] ranOn = new Thread[1];
        new ClipRenderer.PendingSound(
                "test-sound",
                () -> {
                    ranOn[0] = Thread.currentThread();
                    return silence;
                },
                true);
        assertThat(ranOn[0]).isSameAs(Thread.currentThread());
    }

    @Test
    void audioIsCutSampleExactlyAndStaysInSync(@TempDir Path dir) throws Exception {
        ProbeResult probe = MediaProbe.probe(TestVideos.talk(), MediaLimits.DEFAULT);
        // 3.333 s to 6.667 s: the louder voice runs 3.5-6.0 s, so 0.167-2.667 s in the clip
        ClipPlan plan = plan(probe, 100, 200, "1:1");
        Path out = dir.resolve("clip.mp4");
        new ClipRenderer(ClipRenderer.Settings.DEFAULT, paths(dir))
                .encode(plan, plan.getCropPaths().get(0), TestVideos.talk(), out);
        ProbeResult clip = MediaProbe.probe(out, MediaLimits.DEFAULT);
        Path wav = dir.resolve("clip.wav");
        io.clipstream.operators.media.AudioExtractor.extract(
                out, clip.facts().getStartPtsUs(), clip.facts().getDurationUs(), wav);
        var windows =
                io.clipstream.operators.analysis.AudioFeatures.levels(
                        io.clipstream.operators.media.Wav16kMono.read(
                                wav,
                                0,
                                160L
                                        * io.clipstream.operators.analysis.AudioFeatures
                                                .WINDOW_SAMPLES),
                        0,
                        160);
        double onset = -1;
        double offset = -1;
        for (var w : windows) {
            if (w.getLoudnessDb() > -40 && onset < 0) {
                onset = w.getStartUs() / 1e6;
            }
            if (w.getLoudnessDb() > -40) {
                offset = (w.getStartUs() + w.getDurationUs()) / 1e6;
            }
        }
        assertThat(onset).isCloseTo(0.167, org.assertj.core.data.Offset.offset(0.06));
        assertThat(offset).isCloseTo(2.667, org.assertj.core.data.Offset.offset(0.08));
    }

    @Test
    void replayedClipOverwritesItsKey(@TempDir Path dir) throws Exception {
        ProbeResult probe = MediaProbe.probe(TestVideos.talk(), MediaLimits.DEFAULT);
        ClipPlan plan = plan(probe, 120, 150, "9:16", "1:1");
        ClipRenderer renderer = new ClipRenderer(ClipRenderer.Settings.DEFAULT, paths(dir));
        List<RenderedOutput> first = renderer.render(plan, TestVideos.talk()).outputs();
        List<RenderedOutput> second = renderer.render(plan, TestVideos.talk()).outputs();
        assertThat(second)
                .extracting(RenderedOutput::getUri)
                .containsExactlyElementsOf(first.stream().map(RenderedOutput::getUri).toList());
        assertThat(first.get(0).getUri()).endsWith("/acme/talk/" + plan.getClipId() + "/9x16.mp4");
        assertThat(first.get(1).getWidth()).isEqualTo(1080);
        assertThat(first.get(1).getHeight()).isEqualTo(1080);
        try (var files = Files.walk(dir.resolve("clips"))) {
            assertThat(files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()))
                    .as("a video and a thumbnail per aspect ratio, no subtitles without words")
                    .containsExactlyInAnyOrder("9x16.mp4", "9x16.jpg", "1x1.mp4", "1x1.jpg");
        }
        for (RenderedOutput o : second) {
            Path file = Path.of(java.net.URI.create(o.getUri()));
            assertThat(Files.size(file)).isEqualTo(o.getBytes());
            assertThat(ClipRenderer.sha256(file)).isEqualTo(o.getSha256());
            assertThat(o.getFrameCount()).isEqualTo(30);
        }
    }

    @Test
    void clipShowsTheSourceCropOfARealMpeg1TalkingHead(@TempDir Path dir) throws Exception {
        // 360x288 MPEG-1: the decoder pads its lines to 384 and 192 bytes, so the planes are not
        // where a tightly packed picture would have them
        Path source = RealFootage.file("talking/grid_swwp2s.mpg");
        ProbeResult probe = MediaProbe.probe(source, MediaLimits.DEFAULT);
        ClipPlan plan = plan(probe, 10, 40, "9:16");
        Path out = dir.resolve("clip.mp4");
        new ClipRenderer(ClipRenderer.Settings.DEFAULT, paths(dir))
                .encode(plan, plan.getCropPaths().get(0), source, out);
        CropKeyframe window = plan.getCropPaths().get(0).getKeyframes().get(0);
        double[] clipCells = cells(out, 15, null);
        double[] sourceCells = cells(source, 25, window);
        double diff = 0;
        for (int i = 0; i < clipCells.length; i++) {
            diff += Math.abs(clipCells[i] - sourceCells[i]);
        }
        diff /= clipCells.length;
        // the same picture after two lossy encodes differs by a few levels; the misplaced chroma
        // planes turned the blue backdrop orange and green (differences of 60 and more)
        assertThat(diff).as("mean colour difference per cell and channel").isLessThan(8);
    }

    /** Mean B, G, R of a 6x8 grid over frame n (within the window, when given). */
    private static double[] cells(Path file, int n, CropKeyframe window) throws Exception {
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile())) {
            g.setPixelFormat(AV_PIX_FMT_BGR24);
            g.start();
            Frame f = null;
            for (int i = 0; i <= n; i++) {
                f = g.grabImage();
            }
            int x0 = window == null ? 0 : window.getX();
            int y0 = window == null ? 0 : window.getY();
            int w = window == null ? f.imageWidth : window.getWidth();
            int h = window == null ? f.imageHeight : window.getHeight();
            int cols = 6;
            int rows = 8;
            double[] sums = new double[cols * rows * 3];
            long[] counts = new long[cols * rows];
            ByteBuffer buf = (ByteBuffer) f.image[0];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int cell = (y * rows / h) * cols + x * cols / w;
                    int i = (y0 + y) * f.imageStride + (x0 + x) * 3;
                    for (int c = 0; c < 3; c++) {
                        sums[cell * 3 + c] += buf.get(i + c) & 0xff;
                    }
                    counts[cell]++;
                }
            }
            for (int i = 0; i < sums.length; i++) {
                sums[i] /= counts[i / 3];
            }
            return sums;
        }
    }

    private static TenantPaths paths(Path dir) {
        return new TenantPaths(
                dir.resolve("uploads").toUri().toString(),
                dir.resolve("work").toUri().toString(),
                dir.resolve("clips").toUri().toString());
    }

    /** For each decoded frame, which of the talk's first three shots its centre colour matches. */
    static List<Integer> dominantShots(Path clip) throws Exception {
        int[][] shotBgr = {{40, 60, 200}, {200, 120, 30}, {60, 180, 60}};
        List<Integer> out = new ArrayList<>();
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(clip.toFile())) {
            g.setPixelFormat(AV_PIX_FMT_BGR24);
            g.start();
            Frame f;
            while ((f = g.grabImage()) != null) {
                ByteBuffer buf = (ByteBuffer) f.image[0];
                int i = 200 * f.imageStride + 20 * 3; // near the top-left, away from the moving box
                int b = buf.get(i) & 0xff;
                int gr = buf.get(i + 1) & 0xff;
                int r = buf.get(i + 2) & 0xff;
                int best = -1;
                int bestDist = Integer.MAX_VALUE;
                for (int s = 0; s < shotBgr.length; s++) {
                    int d =
                            Math.abs(b - shotBgr[s][0])
                                    + Math.abs(gr - shotBgr[s][1])
                                    + Math.abs(r - shotBgr[s][2]);
                    if (d < bestDist) {
                        bestDist = d;
                        best = s;
                    }
                }
                out.add(best);
            }
        }
        return out;
    }
}
