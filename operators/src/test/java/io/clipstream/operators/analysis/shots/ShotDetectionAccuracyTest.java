package io.clipstream.operators.analysis.shots;

import static org.assertj.core.api.Assertions.assertThat;

import io.clipstream.operators.analysis.SegmentAnalyzer;
import io.clipstream.operators.media.MediaLimits;
import io.clipstream.operators.media.MediaProbe;
import io.clipstream.operators.media.ProbeResult;
import io.clipstream.operators.media.SegmentPlan;
import io.clipstream.operators.media.SegmentPlanner;
import io.clipstream.operators.testing.ShotTestVideos;
import io.clipstream.schemas.FrameSignals;
import io.clipstream.schemas.SegmentTask;
import io.clipstream.schemas.ShotBoundary;
import io.clipstream.schemas.ShotKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The accuracy suite: generated videos with known boundaries (hard cuts including low-contrast
 * ones, fades, dissolves, flashes, fast motion, variable frame rate, rotation, non-square pixels),
 * scored at 0- and 1-frame tolerance. The report is written to {@code target/shot-accuracy.txt}.
 */
class ShotDetectionAccuracyTest {
    static final Map<String, String> REPORT = new LinkedHashMap<>();

    record Run(ProbeResult probe, List<ShotBoundary> found, List<Long> truth) {}

    static Run run(String name, double segmentSeconds) throws Exception {
        return run(name, segmentSeconds, SegmentAnalyzer.Settings.SHOTS_ONLY);
    }

    static Run run(String name, double segmentSeconds, SegmentAnalyzer.Settings settings)
            throws Exception {
        var video = ShotTestVideos.get(name);
        ProbeResult probe = MediaProbe.probe(video.path(), MediaLimits.DEFAULT);
        int lag = FrameFeatureExtractor.lagFor(probe.facts().getFps());
        List<SegmentPlan> plans =
                segmentSeconds <= 0
                        ? List.of(
                                new SegmentPlan(
                                        0, 0, probe.frameCount(), 0, probe.facts().getDurationUs()))
                        : new SegmentPlanner(Math.round(segmentSeconds * 1e6), lag)
                                .plan(probe, t -> true);
        List<FrameSignals> parts = new ArrayList<>();
        SegmentAnalyzer analyzer = new SegmentAnalyzer(settings);
        for (SegmentPlan p : plans) {
            SegmentTask task =
                    io.clipstream.operators.analysis.shots.SceneDetection.task(
                            probe, p, plans.size(), video.path());
            parts.add(analyzer.analyse(task, video.path(), null).getFrameSignals());
        }
        List<ShotBoundary> found =
                new CombinedShotDetector(CombinedShotDetector.Settings.DEFAULT)
                        .detect(VideoSignals.of(parts));
        List<Long> truth = video.truth().boundaries().stream().map(b -> (long) b.frame()).toList();
        return new Run(probe, found, truth);
    }

    static List<String> framesAndKinds(List<ShotBoundary> b) {
        return b.stream().map(x -> x.getFrame() + ":" + x.getKind()).toList();
    }

    static List<Long> frames(List<ShotBoundary> b) {
        return b.stream().map(ShotBoundary::getFrame).toList();
    }

    static ShotAccuracy score(List<String> names, int tolerance) throws Exception {
        ShotAccuracy total = new ShotAccuracy(0, 0, 0);
        for (String name : names) {
            Run r = run(name, 0);
            total = total.plus(ShotAccuracy.of(r.truth(), frames(r.found()), tolerance));
        }
        return total;
    }

    private static void report(String category, List<String> names) throws Exception {
        ShotAccuracy exact = score(names, 0);
        ShotAccuracy near = score(names, 1);
        REPORT.put(
                category,
                String.format(
                        Locale.ROOT,
                        "%-34s 0 frames: %s%n%-34s 1 frame:  %s",
                        category + " " + names,
                        exact,
                        "",
                        near));
    }

    @Test
    void hardCutsAreFrameExactIncludingLowContrastVariableRateRotatedAndAnamorphic()
            throws Exception {
        List<String> names = List.of("hard-cuts", "vfr", "rotated", "anamorphic");
        report("hard cuts", names);
        assertThat(score(names, 0).f1()).isGreaterThanOrEqualTo(0.98);
        Run lowContrast = run("hard-cuts", 0);
        // frames 180 (yellow to orange texture) and 235 (solid yellow to orange)
        assertThat(frames(lowContrast.found())).contains(180L, 235L);
        assertThat(lowContrast.found())
                .allSatisfy(b -> assertThat(b.getKind()).isEqualTo(ShotKind.CUT));
    }

    @Test
    void gradualTransitionsAreFoundWithinAFrame() throws Exception {
        report("fades", List.of("fades"));
        report("dissolves", List.of("dissolves"));
        report("gradual (fades + dissolves)", List.of("fades", "dissolves"));
        assertThat(score(List.of("fades", "dissolves"), 1).f1()).isGreaterThanOrEqualTo(0.9);
        assertThat(score(List.of("fades"), 0).f1()).isEqualTo(1.0);
        assertThat(run("fades", 0).found())
                .allSatisfy(b -> assertThat(b.getKind()).isEqualTo(ShotKind.FADE));
        assertThat(run("dissolves", 0).found())
                .allSatisfy(b -> assertThat(b.getKind()).isEqualTo(ShotKind.DISSOLVE));
    }

    @Test
    void flashesFastPansAndShakeProduceNoCuts() throws Exception {
        for (String name : List.of("flashes", "fast-pan", "shake")) {
            Run r = run(name, 0);
            REPORT.put(
                    name,
                    String.format(
                            Locale.ROOT,
                            "%-34s boundaries found: %d (expected 0)",
                            name,
                            r.found().size()));
            assertThat(r.found()).as(name).isEmpty();
        }
    }

    @Test
    void timesComeFromPresentationTimestamps() throws Exception {
        Run r = run("vfr", 0);
        var truth = ShotTestVideos.get("vfr").truth();
        assertThat(r.probe().facts().getFps()).isNotEqualTo(30.0); // really variable
        for (ShotBoundary b : r.found()) {
            assertThat(b.getTimeUs()).isEqualTo(truth.frameTimesUs()[(int) b.getFrame()]);
        }
        assertThat(run("rotated", 0).probe().facts().getRotation()).isIn(90, 270);
        assertThat(run("anamorphic", 0).probe().facts().getPixelAspect())
                .isCloseTo(4.0 / 3, org.assertj.core.data.Offset.offset(0.01));
    }

    @Test
    void segmentedRunsFindExactlyTheWholeFileBoundaries() throws Exception {
        for (String name : ShotTestVideos.names()) {
            List<ShotBoundary> whole = run(name, 0).found();
            for (double seconds : new double[] {1.0, 2.5}) {
                assertThat(run(name, seconds).found())
                        .as("%s in %.1f s segments", name, seconds)
                        .isEqualTo(whole);
            }
        }
    }

    @Test
    void skippingDeblockingFindsExactlyWhatAFullDecodeFinds() throws Exception {
        var withDeblocking = new SegmentAnalyzer.Settings(128, 0, false);
        var withoutDeblocking = new SegmentAnalyzer.Settings(128, 0, true);
        for (String name : ShotTestVideos.names()) {
            assertThat(framesAndKinds(run(name, 0, withoutDeblocking).found()))
                    .as(name)
                    .isEqualTo(framesAndKinds(run(name, 0, withDeblocking).found()));
        }
    }

    @AfterAll
    static void writeReport() throws Exception {
        StringBuilder out =
                new StringBuilder(
                        "Shot detection accuracy on the generated set (CombinedShotDetector defaults)\n");
        REPORT.values().forEach(line -> out.append(line).append('\n'));
        Path file = Path.of("target", "shot-accuracy.txt");
        Files.createDirectories(file.getParent());
        Files.writeString(file, out);
        System.err.print(out);
    }
}
