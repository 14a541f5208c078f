package io.clipstream.operators.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.clipstream.operators.analysis.shots.CombinedShotDetector;
import io.clipstream.operators.analysis.shots.FrameFeatureExtractor;
import io.clipstream.operators.analysis.shots.VideoSignals;
import io.clipstream.operators.media.AudioExtractor;
import io.clipstream.operators.media.MediaLimits;
import io.clipstream.operators.media.MediaProbe;
import io.clipstream.operators.media.ProbeResult;
import io.clipstream.operators.media.SegmentPlan;
import io.clipstream.operators.media.SegmentPlanner;
import io.clipstream.operators.testing.TestVideos;
import io.clipstream.schemas.AudioWindow;
import io.clipstream.schemas.FrameSignals;
import io.clipstream.schemas.SegmentAnalysis;
import io.clipstream.schemas.SegmentTask;
import io.clipstream.schemas.ShotBoundary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Splitting a video into segments must not change what is found. */
class SegmentedShotDetectionTest {
    static ProbeResult probe;
    static Path video;
    static Path wav;
    static int lag;

    @BeforeAll
    static void prepare() throws Exception {
        video = TestVideos.talk();
        probe = MediaProbe.probe(video, MediaLimits.DEFAULT);
        lag = FrameFeatureExtractor.lagFor(probe.facts().getFps());
        wav = Files.createTempFile("talk-", ".wav");
        AudioExtractor.extract(
                video, probe.facts().getStartPtsUs(), probe.facts().getDurationUs(), wav);
    }

    @Test
    void wholeFilePassFindsEveryPlantedCutAtItsFrame() throws Exception {
        assertThat(frames(detect(analyse(List.of(whole())))))
                .containsExactlyElementsOf(
                        TestVideos.TALK_CUTS.stream().map(Integer::longValue).toList());
    }

    @Test
    void cutAtSegmentBoundaryIsFoundOnce() throws Exception {
        // target 2 s over keyframes every 30 frames: segments start at 0, 60, 120, 180, ...
        List<SegmentPlan> plans = new SegmentPlanner(2_000_000, lag).plan(probe, t -> true);
        assertThat(plans).extracting(SegmentPlan::startFrame).contains(120L);
        assertThat(plans)
                .allSatisfy(
                        p ->
                                assertThat(p.decodeFromFrame())
                                        .isLessThanOrEqualTo(Math.max(0, p.startFrame() - lag)));
        List<Long> cuts = frames(detect(analyse(plans)));
        assertThat(cuts).isEqualTo(frames(detect(analyse(List.of(whole())))));
        assertThat(cuts.stream().filter(f -> f == 120)).hasSize(1);
    }

    @Test
    void anySegmentationGivesTheWholeFileSignalsAndCuts() throws Exception {
        List<SegmentAnalysis> reference = analyse(List.of(whole()));
        VideoSignals expected = signals(reference);
        List<AudioWindow> expectedWindows = windows(reference);
        for (int[] starts :
                new int[][] {
                    {0, 30},
                    {0, 90, 120, 200},
                    {0, 30, 60, 90, 120, 150, 180, 200, 230, 260, 290, 320}
                }) {
            List<SegmentAnalysis> segmented = analyse(plansStartingAt(starts));
            VideoSignals actual = signals(segmented);
            String label = Arrays.toString(starts);
            assertThat(actual.timesUs).as(label).isEqualTo(expected.timesUs);
            assertThat(actual.diff1).as(label).isEqualTo(expected.diff1);
            assertThat(actual.diffLag).as(label).isEqualTo(expected.diffLag);
            assertThat(actual.hist1).as(label).isEqualTo(expected.hist1);
            assertThat(actual.luma).as(label).isEqualTo(expected.luma);
            assertThat(frames(detect(segmented))).as(label).isEqualTo(frames(detect(reference)));
            assertThat(windows(segmented)).isEqualTo(expectedWindows);
        }
    }

    private static SegmentPlan whole() {
        return new SegmentPlan(0, 0, probe.frameCount(), 0, probe.facts().getDurationUs());
    }

    private static List<SegmentPlan> plansStartingAt(int[] starts) {
        List<SegmentPlan> plans = new ArrayList<>();
        for (int i = 0; i < starts.length; i++) {
            long end = i + 1 < starts.length ? starts[i + 1] : probe.frameCount();
            long from = SegmentPlanner.decodeFrom(probe.keyframes(), starts[i], lag);
            plans.add(
                    new SegmentPlan(
                            i,
                            starts[i],
                            end,
                            probe.timeOfFrame(starts[i]),
                            probe.timeOfFrame(end),
                            from,
                            probe.timeOfFrame(from)));
        }
        return plans;
    }

    static List<SegmentAnalysis> analyse(List<SegmentPlan> plans) throws Exception {
        SegmentAnalyzer analyzer = new SegmentAnalyzer(SegmentAnalyzer.Settings.SHOTS_ONLY);
        List<SegmentAnalysis> out = new ArrayList<>();
        for (SegmentPlan p : plans) {
            SegmentTask task =
                    io.clipstream.operators.analysis.shots.SceneDetection.task(
                            probe, p, plans.size(), video);
            out.add(analyzer.analyse(task, video, wav));
        }
        return out;
    }

    private static VideoSignals signals(List<SegmentAnalysis> segments) {
        List<FrameSignals> parts = new ArrayList<>();
        segments.forEach(s -> parts.add(s.getFrameSignals()));
        return VideoSignals.of(parts);
    }

    private static List<ShotBoundary> detect(List<SegmentAnalysis> segments) {
        return new CombinedShotDetector(CombinedShotDetector.Settings.DEFAULT)
                .detect(signals(segments));
    }

    private static List<AudioWindow> windows(List<SegmentAnalysis> segments) {
        List<AudioWindow> all = new ArrayList<>();
        segments.forEach(s -> all.addAll(s.getAudioWindows()));
        return all;
    }

    private static List<Long> frames(List<ShotBoundary> boundaries) {
        return boundaries.stream().map(ShotBoundary::getFrame).toList();
    }
}
