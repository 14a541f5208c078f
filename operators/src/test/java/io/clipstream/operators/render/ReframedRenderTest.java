package io.clipstream.operators.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;

import io.clipstream.operators.analysis.SegmentAnalyzer;
import io.clipstream.operators.analysis.VideoAssembler;
import io.clipstream.operators.analysis.faces.CascadeFaceDetector;
import io.clipstream.operators.analysis.framing.CropWindows;
import io.clipstream.operators.analysis.framing.VirtualCamera;
import io.clipstream.operators.media.MediaLimits;
import io.clipstream.operators.media.MediaProbe;
import io.clipstream.operators.media.PackedBgr;
import io.clipstream.operators.media.ProbeResult;
import io.clipstream.operators.media.TalkingScenes;
import io.clipstream.operators.speech.SpeechSettings;
import io.clipstream.operators.speech.VoiceActivityEngine;
import io.clipstream.operators.storage.LocalMediaCache;
import io.clipstream.operators.testing.RealFootage;
import io.clipstream.operators.testing.TestPipelines;
import io.clipstream.schemas.ClipPlan;
import io.clipstream.schemas.CropKeyframe;
import io.clipstream.schemas.CropPath;
import io.clipstream.schemas.SegmentAnalysis;
import io.clipstream.schemas.SegmentTask;
import io.clipstream.schemas.TimeSpan;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The renderer follows crop paths exactly: a source whose grey level encodes the column shows, in
 * every output frame, the columns the interpolated window asks for; split and letterbox layouts put
 * the right pictures in the right places; and on a real talking head placed off centre, the
 * rendered vertical clip shows the face where the centre crop shows none.
 */
class ReframedRenderTest {
    @TempDir static Path dir;
    static Path gradient;
    static ProbeResult probe;
    static final int W = 640;
    static final int H = 360;

    @BeforeAll
    static void writeGradient() throws Exception {
        gradient = dir.resolve("gradient.mp4");
        try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(gradient.toFile(), W, H, 0)) {
            r.setFormat("mp4");
            r.setVideoCodec(AV_CODEC_ID_H264);
            r.setVideoCodecName("libopenh264");
            r.setPixelFormat(AV_PIX_FMT_YUV420P);
            r.setFrameRate(25);
            r.setVideoBitrate(8_000_000);
            r.start();
            Frame image = new Frame(W, H, Frame.DEPTH_UBYTE, 3);
            ByteBuffer b = (ByteBuffer) image.image[0];
            for (int f = 0; f < 50; f++) {
                for (int y = 0; y < H; y++) {
                    for (int x = 0; x < W; x++) {
                        int i = y * image.imageStride + x * 3;
                        byte v =
                                (byte)
                                        (x % 64 == 31 || x % 64 == 32
                                                ? 235
                                                : 30 + x * 100 / (W - 1));
                        b.put(i, v);
                        b.put(i + 1, v);
                        b.put(i + 2, v);
                    }
                }
                r.record(image, AV_PIX_FMT_BGR24);
            }
            r.stop();
        }
        probe = MediaProbe.probe(gradient, MediaLimits.DEFAULT);
    }

    static ClipPlan plan(ProbeResult probe, String sourceUri, CropPath crop, long frames) {
        long endUs = probe.timeOfFrame(frames);
        return ClipPlan.newBuilder()
                .setClipId("c-test")
                .setVideoId("v")
                .setTenantId("acme")
                .setSourceUri(sourceUri)
                .setRank(1)
                .setClipCount(1)
                .setScore(1f)
                .setTitle("t")
                .setStartUs(0)
                .setEndUs(endUs)
                .setStartFrame(0)
                .setEndFrame(frames)
                .setKeptIntervals(List.of(new TimeSpan(0L, endUs)))
                .setCropPaths(List.of(crop))
                .setStream(probe.facts())
                .setRequestedAt(Instant.EPOCH)
                .build();
    }

    static CropKeyframe key(long us, int x, int w, boolean glide) {
        return CropKeyframe.newBuilder()
                .setTimeUs(us)
                .setX(x)
                .setY(0)
                .setWidth(w)
                .setHeight(H)
                .setGlide(glide)
                .build();
    }

    static List<byte[]> frames(Path file, int w, int h) throws Exception {
        List<byte[]> out = new ArrayList<>();
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile())) {
            g.setPixelFormat(AV_PIX_FMT_BGR24);
            g.start();
            Frame f;
            while ((f = g.grabImage()) != null) {
                byte[] bgr = new byte[w * h * 3];
                PackedBgr.copy(f, bgr, w, h);
                out.add(bgr);
            }
        }
        return out;
    }

    static double grey(byte[] bgr, int w, int x, int y) {
        int i = (y * w + x) * 3;
        return ((bgr[i] & 0xff) + (bgr[i + 1] & 0xff) + (bgr[i + 2] & 0xff)) / 3.0;
    }

    /**
     * Checks that output row {@code y} shows source columns {@code [x, x + cw)}: the background's
     * gradient places the window to within a marker spacing, and the bright marker lines (two
     * pixels wide every 64 columns) must appear where the window puts them, to within 4 output
     * pixels (under one source pixel).
     */
    static void assertShows(byte[] bgr, int w, int y, int x, int cw, String what) {
        // coarse: the background level halfway between two markers near the left edge
        int probe = 16;
        double src = x + (probe + 0.5) * cw / w;
        if ((int) src % 64 >= 26 && (int) src % 64 <= 37) {
            probe += (int) (16.0 * w / cw);
            src = x + (probe + 0.5) * cw / w;
        }
        double expectedGrey = 30 + src * 100 / (W - 1);
        assertThat(grey(bgr, w, probe, y))
                .as(what + " background level")
                .isCloseTo(expectedGrey, within(6));
        // fine: the marker lines
        List<Double> peaks = new ArrayList<>();
        int run = -1;
        for (int i = 0; i <= w; i++) {
            boolean bright = i < w && grey(bgr, w, i, y) > 150;
            if (bright && run < 0) {
                run = i;
            } else if (!bright && run >= 0) {
                double centre = (run + i - 1) / 2.0;
                if (centre > 8 && centre < w - 8) {
                    peaks.add(centre);
                }
                run = -1;
            }
        }
        List<Double> expected = new ArrayList<>();
        for (int m = 32; m < W; m += 64) {
            double out = (m - x) * (double) w / cw - 0.5;
            if (out > 8 && out < w - 8) {
                expected.add(out);
            }
        }
        assertThat(peaks).as(what + " marker lines").hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(peaks.get(i))
                    .as(what + " marker " + i)
                    .isCloseTo(expected.get(i), within(4));
        }
    }

    private Path render(CropPath crop, String name) throws Exception {
        Path out = dir.resolve(name);
        new ClipRenderer(ClipRenderer.Settings.DEFAULT, TestPipelines.paths(dir))
                .encode(plan(probe, gradient.toUri().toString(), crop, 50), crop, gradient, out);
        return out;
    }

    @Test
    void aPanningWindowIsCroppedWhereThePathIsAtEveryFrame() throws Exception {
        int cw = 202;
        CropPath crop =
                CropPath.newBuilder()
                        .setAspect("9:16")
                        .setOutputWidth(1080)
                        .setOutputHeight(1920)
                        .setKeyframes(
                                List.of(key(0, 0, cw, true), key(1_600_000, W - cw, cw, false)))
                        .build();
        List<byte[]> out = frames(render(crop, "pan.mp4"), 1080, 1920);
        assertThat(out).hasSize(50);
        for (int f = 0; f < 50; f++) {
            CropWindows.Window w = CropWindows.at(crop, probe.timeOfFrame(f));
            assertThat(w.x()).isBetween(0, W - cw);
            assertShows(out.get(f), 1080, 960, w.x(), cw, "frame " + f);
        }
        // the pan moves the window every frame until 1.6 s, then it holds
        assertThat(CropWindows.at(crop, probe.timeOfFrame(49)).x()).isEqualTo(W - cw);
        assertThat(CropWindows.at(crop, probe.timeOfFrame(20)).x()).isBetween(200, 240);
    }

    @Test
    void aSplitStacksTwoWindowsAndALetterboxShowsTheWholeFrame() throws Exception {
        CropKeyframe split =
                CropKeyframe.newBuilder()
                        .setTimeUs(0)
                        .setX(0)
                        .setY(0)
                        .setWidth(200)
                        .setHeight(178)
                        .setLayout("split")
                        .setX2(440)
                        .setY2(182)
                        .setWidth2(200)
                        .setHeight2(178)
                        .build();
        CropPath path =
                CropPath.newBuilder()
                        .setAspect("9:16")
                        .setOutputWidth(1080)
                        .setOutputHeight(1920)
                        .setKeyframes(List.of(split))
                        .build();
        byte[] f = frames(render(path, "split.mp4"), 1080, 1920).get(10);
        assertShows(f, 1080, 400, 0, 200, "top");
        assertShows(f, 1080, 1400, 440, 200, "bottom");

        CropKeyframe box =
                CropKeyframe.newBuilder()
                        .setTimeUs(0)
                        .setX(0)
                        .setY(0)
                        .setWidth(W)
                        .setHeight(H)
                        .setLayout("letterbox")
                        .build();
        CropPath letterbox = CropPath.newBuilder(path).setKeyframes(List.of(box)).build();
        byte[] l = frames(render(letterbox, "letterbox.mp4"), 1080, 1920).get(10);
        // the picture, scaled to 1080 wide, is 606 rows tall around the middle
        assertShows(l, 1080, 960, 0, W, "letterbox");
        // above it, the blurred fill: a smooth picture, not black
        int fill = 0;
        for (int x = 0; x < 1080; x += 60) {
            fill += l[(200 * 1080 + x) * 3 + 1] & 0xff;
        }
        assertThat(fill / 18).as("green of the fill").isGreaterThan(15);
    }

    @Test
    void aSpeakerOnTheRightThirdIsInTheVerticalClip() throws Exception {
        for (String head : TalkingScenes.GRID_HEADS) {
            RealFootage.file("talking/" + head);
        }
        Path talking = RealFootage.file("talking/ground_truth.json").getParent();
        List<TalkingScenes.Head> heads =
                TalkingScenes.gridHeads(talking, talking.resolve("ground_truth.json"));
        Path video = dir.resolve("offcentre.mp4");
        TalkingScenes.write(heads, TalkingScenes.standard().get(0).parts(), 1280, 720, video);
        String uri = TestPipelines.upload(dir, "acme", "offcentre", video);
        List<SegmentTask> tasks =
                TestPipelines.ingest(
                        TestPipelines.request("offcentre", "acme", uri, 2, 10, 3),
                        TestPipelines.paths(dir),
                        60_000_000);
        List<SegmentAnalysis> analyses = new ArrayList<>();
        try (SegmentAnalyzer analyzer =
                new SegmentAnalyzer(
                        SegmentAnalyzer.Settings.DEFAULT.withSpeech(
                                SpeechSettings.DEFAULT.withEngine(VoiceActivityEngine.NAME)))) {
            for (SegmentTask t : tasks) {
                analyses.add(
                        analyzer.analyse(
                                t,
                                LocalMediaCache.localCopy(t.getSourceUri()),
                                LocalMediaCache.localCopy(t.getAudioUri())));
            }
        }
        ProbeResult source = MediaProbe.probe(video, MediaLimits.DEFAULT);
        VirtualCamera.Scene scene =
                new VideoAssembler(VideoAssembler.Settings.DEFAULT).scene(analyses);
        long frames = source.frameCount();
        CropPath framed =
                new VirtualCamera(VirtualCamera.Settings.DEFAULT)
                        .plan(scene, "9:16", 0, source.timeOfFrame(frames));
        CropPath centre =
                io.clipstream.operators.analysis.CropPlanner.centre(source.facts(), "9:16", 0);
        int[] withFace = new int[2];
        int sampled = 0;
        try (CascadeFaceDetector detector = new CascadeFaceDetector("haar-frontal-alt2", 0.1)) {
            int k = 0;
            for (CropPath crop : List.of(framed, centre)) {
                Path out = dir.resolve("offcentre-" + k + ".mp4");
                new ClipRenderer(ClipRenderer.Settings.DEFAULT, TestPipelines.paths(dir))
                        .encode(plan(source, uri, crop, frames), crop, video, out);
                List<byte[]> rendered = frames(out, 1080, 1920);
                sampled = 0;
                for (int f = 0; f < rendered.size(); f += 5) {
                    byte[] small = shrink(rendered.get(f), 1080, 1920, 4);
                    if (!detector.detect(small, 270, 480).isEmpty()) {
                        withFace[k]++;
                    }
                    sampled++;
                }
                k++;
            }
        }
        assertThat(withFace[0])
                .as("faces in the reframed clip")
                .isGreaterThanOrEqualTo(sampled * 9 / 10);
        assertThat(withFace[1]).as("faces in the centre crop").isZero();
    }

    /** Every {@code factor}-th pixel of every {@code factor}-th row. */
    static byte[] shrink(byte[] bgr, int w, int h, int factor) {
        int sw = w / factor;
        int sh = h / factor;
        byte[] out = new byte[sw * sh * 3];
        for (int y = 0; y < sh; y++) {
            for (int x = 0; x < sw; x++) {
                System.arraycopy(
                        bgr, ((y * factor) * w + x * factor) * 3, out, (y * sw + x) * 3, 3);
            }
        }
        return out;
    }

    static org.assertj.core.data.Offset<Double> within(double d) {
        return org.assertj.core.data.Offset.offset(d);
    }
}
