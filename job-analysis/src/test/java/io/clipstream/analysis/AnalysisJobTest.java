package io.clipstream.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.clipstream.operators.analysis.SegmentAnalyzer;
import io.clipstream.operators.analysis.VideoAssembler;
import io.clipstream.operators.speech.SpeechSettings;
import io.clipstream.operators.testing.CollectingSink;
import io.clipstream.operators.testing.FiniteSources;
import io.clipstream.operators.testing.TestPipelines;
import io.clipstream.operators.testing.TestVideos;
import io.clipstream.schemas.ClipPlan;
import io.clipstream.schemas.DeadLetter;
import io.clipstream.schemas.JobStatus;
import io.clipstream.schemas.ScoredSegment;
import io.clipstream.schemas.SegmentTask;
import io.clipstream.schemas.State;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class AnalysisJobTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(4)
                            .build());

    record Output(
            List<ClipPlan> plans,
            List<ScoredSegment> scored,
            List<JobStatus> statuses,
            List<DeadLetter> dead) {}

    static Output run(List<SegmentTask> tasks, int parallelism) throws Exception {
        CollectingSink<ScoredSegment> scored = new CollectingSink<>();
        CollectingSink<ClipPlan> plans = new CollectingSink<>();
        CollectingSink<JobStatus> statuses = new CollectingSink<>();
        CollectingSink<DeadLetter> dead = new CollectingSink<>();
        var settings =
                new AnalysisJob.Settings(
                        // The test talk's "voice" is tones: a recogniser's guesses at tones depend
                        // on how much context it hears, so this test compares everything but words.
                        // Words are chunk-safe on real speech: SpeechFixturesTest cuts one in half.
                        SegmentAnalyzer.Settings.DEFAULT.withSpeech(
                                SpeechSettings.DEFAULT.withEngine("none")),
                        VideoAssembler.Settings.DEFAULT,
                        600_000,
                        parallelism);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(parallelism);
        new AnalysisJob(
                        FiniteSources.of(tasks, SegmentTask.class),
                        scored,
                        plans,
                        statuses,
                        dead,
                        settings)
                .build(env);
        env.execute("analysis-test");
        List<ClipPlan> p =
                plans.received().stream()
                        .sorted(Comparator.comparingInt(ClipPlan::getRank))
                        .toList();
        List<ScoredSegment> s =
                scored.received().stream()
                        .sorted(Comparator.comparingLong(ScoredSegment::getStartUs))
                        .toList();
        s.forEach(
                x ->
                        x.setEventTime(
                                java.time.Instant
                                        .EPOCH)); // processing time of assembly, not content
        return new Output(p, s, statuses.received(), dead.received());
    }

    @Test
    void sameClipsWhetherTheVideoIsOneSegmentOrManyAtAnyParallelism(@TempDir Path dir)
            throws Exception {
        String uri = TestPipelines.upload(dir, "acme", "talk", TestVideos.talk());
        var request = TestPipelines.request("talk", "acme", uri, 2, 6, 3);
        List<SegmentTask> whole =
                TestPipelines.ingest(request, TestPipelines.paths(dir), 60_000_000);
        List<SegmentTask> segmented =
                TestPipelines.ingest(request, TestPipelines.paths(dir), 2_000_000);
        assertThat(whole).hasSize(1);
        assertThat(segmented).hasSizeGreaterThan(3);

        Output reference = run(whole, 1);
        assertThat(reference.plans()).isNotEmpty();
        assertThat(reference.dead()).isEmpty();
        assertThat(reference.statuses())
                .anySatisfy(
                        s -> {
                            assertThat(s.getState()).isEqualTo(State.SUCCEEDED);
                            assertThat(s.getClipCount()).isEqualTo(reference.plans().size());
                        });
        for (int parallelism : new int[] {1, 3}) {
            Output other = run(segmented, parallelism);
            assertThat(other.plans())
                    .as("plans at parallelism %d", parallelism)
                    .isEqualTo(reference.plans());
            assertThat(other.scored())
                    .as("scores at parallelism %d", parallelism)
                    .isEqualTo(reference.scored());
        }
        // Every clip starts and ends inside a pause, never mid-speech.
        for (ClipPlan plan : reference.plans()) {
            for (double[] speech : TestVideos.TALK_SPEECH) {
                assertThat(insideSpeech(plan.getStartUs() / 1e6, speech))
                        .as("start %d inside speech", plan.getStartUs())
                        .isFalse();
                assertThat(insideSpeech(plan.getEndUs() / 1e6, speech))
                        .as("end %d inside speech", plan.getEndUs())
                        .isFalse();
            }
        }
    }

    private static boolean insideSpeech(double t, double[] speech) {
        return t > speech[0] + 0.05 && t < speech[1] - 0.05;
    }
}
