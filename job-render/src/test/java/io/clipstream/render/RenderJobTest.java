package io.clipstream.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.clipstream.operators.analysis.SegmentAnalyzer;
import io.clipstream.operators.analysis.VideoAssembler;
import io.clipstream.operators.media.AudioExtractor;
import io.clipstream.operators.media.MediaLimits;
import io.clipstream.operators.media.MediaProbe;
import io.clipstream.operators.render.ClipRenderer;
import io.clipstream.operators.testing.CollectingSink;
import io.clipstream.operators.testing.FiniteSources;
import io.clipstream.operators.testing.TestPipelines;
import io.clipstream.operators.testing.TestVideos;
import io.clipstream.schemas.ClipPlan;
import io.clipstream.schemas.ClipRendered;
import io.clipstream.schemas.DeadLetter;
import io.clipstream.schemas.JobStatus;
import io.clipstream.schemas.ReasonCode;
import io.clipstream.schemas.Stage;
import io.clipstream.schemas.State;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class RenderJobTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @Test
    void everyPlanIsRenderedToItsKeyAndTheVideoCompletes(@TempDir Path dir) throws Exception {
        String uri = TestPipelines.upload(dir, "acme", "talk", TestVideos.talk());
        var tasks =
                TestPipelines.ingest(
                        TestPipelines.request("talk", "acme", uri, 2, 6, 3),
                        TestPipelines.paths(dir),
                        60_000_000);
        var probe = MediaProbe.probe(TestVideos.talk(), MediaLimits.DEFAULT);
        Path wav = Files.createTempFile(dir, "a", ".wav");
        AudioExtractor.extract(
                TestVideos.talk(),
                probe.facts().getStartPtsUs(),
                probe.facts().getDurationUs(),
                wav);
        var analysis =
                new SegmentAnalyzer(SegmentAnalyzer.Settings.DEFAULT)
                        .analyse(tasks.get(0), TestVideos.talk(), wav);
        List<ClipPlan> plans =
                new ArrayList<>(
                        new VideoAssembler(VideoAssembler.Settings.DEFAULT)
                                .assemble(List.of(analysis), 0)
                                .plans());
        assertThat(plans).hasSizeGreaterThan(1);
        // one plan whose source has vanished: it must fail alone, with a reason
        ClipPlan broken =
                ClipPlan.newBuilder(plans.get(0))
                        .setVideoId("gone")
                        .setClipCount(1)
                        .setSourceUri(dir.resolve("none.mp4").toUri().toString())
                        .build();
        List<ClipPlan> input = new ArrayList<>(plans);
        input.add(broken);

        CollectingSink<ClipRendered> clips = new CollectingSink<>();
        CollectingSink<JobStatus> statuses = new CollectingSink<>();
        CollectingSink<DeadLetter> dead = new CollectingSink<>();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        new RenderJob(
                        FiniteSources.of(input, ClipPlan.class),
                        clips,
                        statuses,
                        dead,
                        ClipRenderer.Settings.DEFAULT,
                        TestPipelines.paths(dir),
                        2)
                .build(env);
        env.execute("render-test");

        assertThat(clips.received()).hasSize(plans.size());
        for (ClipRendered clip : clips.received()) {
            Path file = Path.of(java.net.URI.create(clip.getOutputs().get(0).getUri()));
            assertThat(file).exists().startsWith(dir.resolve("clips/acme/talk"));
            assertThat(Files.size(file)).isEqualTo(clip.getOutputs().get(0).getBytes());
        }
        assertThat(statuses.received())
                .filteredOn(s -> s.getVideoId().equals("talk") && s.getState() == State.SUCCEEDED)
                .singleElement()
                .satisfies(s -> assertThat(s.getStage()).isEqualTo(Stage.RENDER));
        assertThat(dead.received())
                .singleElement()
                .satisfies(
                        d -> {
                            assertThat(d.getVideoId()).isEqualTo("gone");
                            assertThat(d.getReason()).isEqualTo(ReasonCode.RENDER_FAILED);
                        });
    }
}
