package io.clipstream.operators.analysis.shots;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_MPEG4;

import io.clipstream.operators.analysis.SegmentAnalyzer;
import io.clipstream.operators.media.MediaLimits;
import io.clipstream.operators.media.MediaProbe;
import io.clipstream.operators.media.ProbeResult;
import io.clipstream.operators.media.SegmentPlan;
import io.clipstream.operators.media.SyntheticTimeline;
import io.clipstream.operators.media.SyntheticTimeline.Shot;
import io.clipstream.operators.media.SyntheticTimeline.Texture;
import io.clipstream.operators.testing.RealFootage;
import io.clipstream.operators.testing.ShotTestVideos;
import io.clipstream.schemas.SegmentAnalysis;
import io.clipstream.schemas.SegmentTask;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reduced first pass of {@code clipstream scenes} finds exactly the boundaries a full decode
 * finds, frame and kind, on the generated and the real accuracy suites, re-encoded with B-frames so
 * that the first pass really skips frames; and it decodes less where there is little to judge.
 */
class ReferenceFirstPassTest {
    @TempDir static Path dir;

    private static SceneDetection detection(boolean referenceFirst) {
        return new SceneDetection(
                SegmentAnalyzer.Settings.SHOTS_ONLY,
                CombinedShotDetector.Settings.DEFAULT,
                4_000_000,
                2,
                referenceFirst);
    }

    /** Boundaries as "frame:kind". */
    private static List<String> boundaries(SceneDetection.Result r) {
        return r.boundaries().stream().map(b -> b.getFrame() + ":" + b.getKind()).toList();
    }

    /**
     * The video re-encoded with FFmpeg's MPEG-4 Part 2 encoder, two B-frames between reference
     * frames and a keyframe every 2 s: the stream shape of x264's defaults, with an encoder every
     * FFmpeg build has.
     */
    static Path withBFrames(Path source, String name) throws Exception {
        Path out = dir.resolve(name + "-bframes.mp4");
        try (FFmpegFrameGrabber in = new FFmpegFrameGrabber(source.toFile())) {
            in.setAudioStream(-1);
            in.start();
            // a whole number of frames a second: MPEG-4 Part 2 takes no finer time base
            double fps = in.getFrameRate() > 0 ? Math.max(1, Math.round(in.getFrameRate())) : 25;
            try (FFmpegFrameRecorder rec =
                    new FFmpegFrameRecorder(
                            out.toFile(), in.getImageWidth(), in.getImageHeight(), 0)) {
                rec.setFormat("mp4");
                rec.setVideoCodec(AV_CODEC_ID_MPEG4);
                rec.setFrameRate(fps);
                rec.setGopSize((int) Math.round(2 * fps));
                rec.setVideoQuality(3);
                rec.setVideoOption("bf", "2");
                rec.start();
                Frame f;
                while ((f = in.grabImage()) != null) {
                    rec.record(f);
                }
                rec.stop();
            }
        }
        return out;
    }

    private record Compared(List<String> mismatches, long frames, long fullyDecoded) {}

    private static Compared compare(List<Path> files) throws Exception {
        List<String> mismatches = new ArrayList<>();
        long frames = 0;
        long fully = 0;
        for (Path file : files) {
            SceneDetection.Result full = detection(false).detect(file);
            SceneDetection.Result fast = detection(true).detect(file);
            if (!boundaries(full).equals(boundaries(fast))) {
                mismatches.add(
                        file.getFileName()
                                + ": full "
                                + boundaries(full)
                                + " fast "
                                + boundaries(fast));
            }
            frames += fast.probe().frameCount();
            fully += fast.framesFullyDecoded();
        }
        return new Compared(mismatches, frames, fully);
    }

    /** The share of frames decoded in full, to target/reference-first-pass.txt. */
    private static synchronized void report(String suite, Compared c) throws Exception {
        assertThat(c.frames()).isGreaterThan(0);
        java.nio.file.Files.writeString(
                Path.of("target/reference-first-pass.txt"),
                String.format(
                        java.util.Locale.ROOT,
                        "%s: %d frames, %d decoded in full (%.0f%%), boundaries equal to a full decode%n",
                        suite,
                        c.frames(),
                        c.fullyDecoded(),
                        100.0 * c.fullyDecoded() / c.frames()),
                java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
    }

    @Test
    void theGeneratedSuiteWithBFramesGivesTheFullDecodesBoundaries() throws Exception {
        List<Path> files = new ArrayList<>();
        for (String name : ShotTestVideos.names()) {
            files.add(withBFrames(ShotTestVideos.get(name).path(), name));
        }
        Compared c = compare(files);
        assertThat(c.mismatches()).isEmpty();
        report("generated suite, MPEG-4 with 2 B-frames", c);
    }

    @Test
    void theRealSuiteWithBFramesGivesTheFullDecodesBoundaries() throws Exception {
        List<Path> files = new ArrayList<>();
        for (String film : RealFootage.FILMS) {
            files.add(withBFrames(RealFootage.film(film).path(), film));
        }
        files.add(withBFrames(RealFootage.titleCardEdit().path(), "title-card-edit"));
        Compared c = compare(files);
        assertThat(c.mismatches()).isEmpty();
        report("real suite, MPEG-4 with 2 B-frames", c);
    }

    @Test
    void theOriginalFilesWithoutBFramesAreDecodedOnceAndGiveTheSameBoundaries() throws Exception {
        // openh264 (generated) and VP8 (Big Buck Bunny) have no B-frames: nothing is skipped, so
        // the
        // first pass is the full decode and nothing is decoded twice
        List<Path> files =
                List.of(
                        ShotTestVideos.get("hard-cuts").path(),
                        ShotTestVideos.get("fades").path(),
                        RealFootage.film(RealFootage.FILMS.get(0)).path());
        for (Path f : files) {
            SceneDetection.Result full = detection(false).detect(f);
            SceneDetection.Result fast = detection(true).detect(f);
            assertThat(boundaries(fast)).as(f.toString()).isEqualTo(boundaries(full));
            assertThat(fast.framesDecoded()).as(f.toString()).isEqualTo(full.framesDecoded());
        }
    }

    /** Frames that come out of FFmpeg's decoder with {@code skip_frame} set to {@code skip}. */
    private static int framesDecodedSkipping(Path file, String skip) throws Exception {
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile())) {
            g.setAudioStream(-1);
            g.setVideoOption("skip_frame", skip);
            g.start();
            int n = 0;
            while (g.grabImage() != null) {
                n++;
            }
            return n;
        }
    }

    /**
     * The real suite's own H.264 files come from x264 with its default B-pyramid: in each run of
     * B-frames one is a reference, and later frames are predicted from it. Skipping every B-frame
     * would leave those frames wrong until the next keyframe; the first pass skips only what
     * nothing refers to, so the windows decoded after it have exactly the full decode's features,
     * and the boundaries are the full decode's.
     */
    @Test
    void onX264WithReferenceBFramesWindowsHaveExactlyTheFullDecodesFeatures() throws Exception {
        SegmentAnalyzer.Settings settings =
                new SegmentAnalyzer.Settings(
                        SegmentAnalyzer.Settings.SHOTS_ONLY.analysisWidth(),
                        1,
                        SegmentAnalyzer.Settings.SHOTS_ONLY.fastDecode());
        List<Path> files = new ArrayList<>();
        try (SegmentAnalyzer analyzer = new SegmentAnalyzer(settings)) {
            for (String film : RealFootage.FILMS) {
                if (!film.endsWith(".mp4")) {
                    continue;
                }
                Path file = RealFootage.film(film).path();
                files.add(file);
                // the premise: some B-frames are references (kept by noref, dropped by bidir)
                assertThat(framesDecodedSkipping(file, "noref"))
                        .as(film)
                        .isGreaterThan(framesDecodedSkipping(file, "bidir"));
                ProbeResult probe = MediaProbe.probe(file, MediaLimits.DEFAULT);
                int lag = FrameFeatureExtractor.lagFor(probe.facts().getFps());
                long a = 150;
                long b = 200;
                SegmentPlan plan = ReferenceFirstPass.windowPlan(probe, 0, a, b, lag);
                long fullFrom = a - lag;
                assertThat(fullFrom - plan.decodeFromFrame())
                        .as(film + ": frames skimmed")
                        .isGreaterThan(48);
                SegmentTask task = SceneDetection.task(probe, plan, 1, file);
                SegmentAnalysis full = analyzer.analyse(task, file, null);
                int leads = 0;
                for (int lead : new int[] {analyzer.shortLead(), 24, 48}) {
                    SegmentAnalysis window = analyzer.analyseFullFrom(task, file, fullFrom, lead);
                    if (window != null) { // null: the switch came too late, which is seen
                        leads++;
                        assertThat(window.getFrameSignals())
                                .as(film + ", lead " + lead)
                                .isEqualTo(full.getFrameSignals());
                        assertThat(window.getFramesDecoded()).isLessThan(full.getFramesDecoded());
                    }
                }
                assertThat(leads).as(film + ": windows decoded with a lead").isGreaterThan(0);
            }
        }
        assertThat(files).hasSize(3);
        Compared c = compare(files);
        assertThat(c.mismatches()).isEmpty();
        report("real suite's own x264 files (B-pyramid)", c);
    }

    @Test
    void aStillTalkIsMostlyJudgedFromItsReferenceFrames() throws Exception {
        // a calm shot, a hard cut, another calm shot: 10 s of which only the cut's surroundings
        // need every frame
        Path talk = dir.resolve("calm.mp4");
        SyntheticTimeline.write(
                new SyntheticTimeline.Spec(
                        320,
                        180,
                        30,
                        10,
                        List.of(
                                new Shot(new Texture(7, 100, 20, 0.2, 0, 0), 150),
                                new Shot(new Texture(8, 20, 30, 0.2, 1, 0), 150))),
                talk);
        Path file = withBFrames(talk, "calm");
        SceneDetection.Result full = detection(false).detect(file);
        SceneDetection.Result fast = detection(true).detect(file);
        assertThat(boundaries(fast)).isEqualTo(boundaries(full)).containsExactly("150:CUT");
        // too few segments finished to judge by when the last one started: first pass throughout
        assertThat(fast.segmentsDecodedInFull()).isZero();
        // the cut's margins (a second each side) and the keyframe before them, not the rest
        assertThat(fast.framesFullyDecoded()).isLessThan(fast.probe().frameCount() / 2);
        assertThat(fast.framesDecoded()).isLessThan(full.framesDecoded());
    }

    @Test
    void busyFootageIsDecodedInFullOnceItsFirstSegmentsShowTheFirstPassCannotPay()
            throws Exception {
        // 24 s of fast pans with a cut every second: every frame near a flag, six 4 s segments
        List<SyntheticTimeline.Part> shots = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            shots.add(new Shot(new Texture(40 + i, (i * 47) % 180, 30, 7, 3, 3), 30));
        }
        Path busy = dir.resolve("busy.mp4");
        SyntheticTimeline.write(new SyntheticTimeline.Spec(320, 180, 30, 30, shots), busy);
        Path file = withBFrames(busy, "busy");
        SceneDetection.Result full = detection(false).detect(file);
        SceneDetection.Result fast = detection(true).detect(file);
        assertThat(boundaries(fast)).isEqualTo(boundaries(full)).hasSizeGreaterThan(10);
        // the first three segments run the first pass (two at once, and the third starts when one
        // has finished, before two have); from the fourth on the last two finished are judged
        assertThat(fast.segmentsDecodedInFull()).isEqualTo(3);
        assertThat(full.segmentsDecodedInFull()).isEqualTo(6);
    }

    @Test
    void framesDecodedInFullAlreadyAreLeftOutOfTheWindows() {
        boolean[] exact = new boolean[20];
        java.util.Arrays.fill(exact, 5, 10, true);
        java.util.Arrays.fill(exact, 15, 20, true);
        List<long[]> left =
                ReferenceFirstPass.without(
                        List.of(new long[] {0, 3}, new long[] {4, 12}, new long[] {14, 25}), exact);
        assertThat(left.stream().map(r -> r[0] + "-" + r[1]).toList())
                .containsExactly("0-3", "4-5", "10-12", "14-15", "20-25");
    }

    @Test
    void longWindowsAreCutIntoEvenPiecesNoLongerThanASegment() {
        List<long[]> pieces =
                ReferenceFirstPass.split(
                        List.of(new long[] {0, 100}, new long[] {150, 451}, new long[] {500, 501}),
                        120);
        assertThat(pieces.stream().map(r -> r[0] + "-" + r[1]).toList())
                .containsExactly("0-100", "150-251", "251-352", "352-451", "500-501");
    }
}
