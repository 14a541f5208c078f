package io.clipstream.operators.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.clipstream.operators.media.AudioExtractor;
import io.clipstream.operators.media.MediaLimits;
import io.clipstream.operators.media.MediaProbe;
import io.clipstream.operators.media.ProbeResult;
import io.clipstream.operators.media.SegmentPlan;
import io.clipstream.operators.media.SegmentPlanner;
import io.clipstream.operators.testing.TestVideos;
import io.clipstream.schemas.AudioWindow;
import io.clipstream.schemas.Options;
import io.clipstream.schemas.SegmentAnalysis;
import io.clipstream.schemas.SegmentTask;
import io.clipstream.schemas.ShotBoundary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Splitting a video into segments must not change what is found. */
class SegmentedShotDetectionTest {
    static ProbeResult probe;
    static Path video;
    static Path wav;

    @BeforeAll
    static void prepare() throws Exception {
        video = TestVideos.talk();
        probe = MediaProbe.probe(video, MediaLimits.DEFAULT);
        wav = Files.createTempFile("talk-", ".wav");
        AudioExtractor.extract(
                video, probe.facts().getStartPtsUs(), probe.facts().getDurationUs(), wav);
    }

    @Test
    void wholeFilePassFindsEveryPlantedCutAtItsFrame() throws Exception {
        List<SegmentAnalysis> whole =
                analyse(List.of(new SegmentPlan(0, 0, 330, 0, probe.facts().getDurationUs())));
        assertThat(frames(merge(whole)))
                .containsExactlyElementsOf(
                        TestVideos.TALK_CUTS.stream().map(Integer::longValue).toList());
    }

    @Test
    void cutAtSegmentBoundaryIsFoundOnce() throws Exception {
        // target 2 s over keyframes every 30 frames: segments start at 0, 60, 120, 180, 240, 300
        List<SegmentPlan> plans = new SegmentPlanner(2_000_000).plan(probe, t -> true);
        assertThat(plans).extracting(SegmentPlan::startFrame).contains(120L);
        List<SegmentAnalysis> segmented = analyse(plans);
        List<ShotBoundary> merged = merge(segmented);
        assertThat(frames(merged))
                .containsExactlyElementsOf(frames(merge(analyse(List.of(whole())))));
        assertThat(frames(merged).stream().filter(f -> f == 120)).hasSize(1);
    }

    @Test
    void anySegmentationGivesTheWholeFileResult() throws Exception {
        List<Long> expected = frames(merge(analyse(List.of(whole()))));
        List<AudioWindow> expectedWindows = windows(analyse(List.of(whole())));
        for (int[] starts :
                new int[][] {
                    {0, 30}, {0, 90, 120, 210}, {0, 30, 60, 90, 120, 150, 180, 210, 240, 270, 300}
                }) {
            List<SegmentAnalysis> segmented = analyse(plansStartingAt(starts));
            assertThat(frames(merge(segmented)))
                    .as("segments starting at %s", java.util.Arrays.toString(starts))
                    .isEqualTo(expected);
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
            plans.add(
                    new SegmentPlan(
                            i,
                            starts[i],
                            end,
                            probe.timeOfFrame(starts[i]),
                            probe.timeOfFrame(end)));
        }
        return plans;
    }

    static List<SegmentAnalysis> analyse(List<SegmentPlan> plans) throws Exception {
        SegmentAnalyzer analyzer = new SegmentAnalyzer(SegmentAnalyzer.Settings.DEFAULT);
        List<SegmentAnalysis> out = new ArrayList<>();
        for (SegmentPlan p : plans) {
            SegmentTask task =
                    SegmentTask.newBuilder()
                            .setVideoId("v")
                            .setTenantId("t")
                            .setSourceUri(video.toUri().toString())
                            .setSegmentIndex(p.index())
                            .setSegmentCount(plans.size())
                            .setStartUs(p.startUs())
                            .setEndUs(p.endUs())
                            .setStartFrame(p.startFrame())
                            .setEndFrame(p.endFrame())
                            .setStream(probe.facts())
                            .setOptions(Options.newBuilder().build())
                            .setRequestedAt(Instant.EPOCH)
                            .build();
            out.add(analyzer.analyse(task, video, wav));
        }
        return out;
    }

    private static List<ShotBoundary> merge(List<SegmentAnalysis> segments) {
        List<ShotBoundary> all = new ArrayList<>();
        segments.forEach(s -> all.addAll(s.getShotBoundaries()));
        return ShotBoundaries.withMinimumShotLength(
                all, VideoAssembler.Settings.DEFAULT.minShotFrames());
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
