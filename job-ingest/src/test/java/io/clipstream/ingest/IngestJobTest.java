package io.clipstream.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.clipstream.operators.flink.IngestSettings;
import io.clipstream.operators.kafka.UploadMessage;
import io.clipstream.operators.media.MediaLimits;
import io.clipstream.operators.testing.CollectingSink;
import io.clipstream.operators.testing.FiniteSources;
import io.clipstream.operators.testing.TestPipelines;
import io.clipstream.operators.testing.TestVideos;
import io.clipstream.schemas.DeadLetter;
import io.clipstream.schemas.JobStatus;
import io.clipstream.schemas.ReasonCode;
import io.clipstream.schemas.SegmentTask;
import io.clipstream.schemas.Stage;
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

class IngestJobTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @Test
    void goodAndBadUploadsInOneStream(@TempDir Path dir) throws Exception {
        String good = TestPipelines.upload(dir, "acme", "talk", TestVideos.talk());
        String bad = TestPipelines.upload(dir, "acme", "notes", TestVideos.notAVideo());
        List<UploadMessage> uploads =
                List.of(
                        UploadMessage.of(TestPipelines.request("notes", "acme", bad, 2, 6, 3)),
                        UploadMessage.of(TestPipelines.request("talk", "acme", good, 2, 6, 3)),
                        // a poisoned record: not Avro at all, under a usable key
                        new UploadMessage(
                                "poison", new byte[] {1, 2, 3, (byte) 0xff, 0x7f}, "uploads", 0, 7),
                        // and one with no key and no value
                        new UploadMessage(null, null, "uploads", 1, 8));
        CollectingSink<SegmentTask> segments = new CollectingSink<>();
        CollectingSink<JobStatus> statuses = new CollectingSink<>();
        CollectingSink<DeadLetter> deadLetters = new CollectingSink<>();
        IngestSettings settings =
                new IngestSettings(TestPipelines.paths(dir), MediaLimits.DEFAULT, 3_000_000);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        new IngestJob(
                        FiniteSources.of(uploads, UploadMessage.class),
                        segments,
                        statuses,
                        deadLetters,
                        settings)
                .build(env);
        env.execute("ingest-test");

        List<SegmentTask> tasks =
                segments.received().stream()
                        .sorted(Comparator.comparingInt(SegmentTask::getSegmentIndex))
                        .toList();
        assertThat(tasks)
                .isNotEmpty()
                .allSatisfy(t -> assertThat(t.getVideoId()).isEqualTo("talk"));
        assertThat(tasks.get(0).getStartFrame()).isZero();
        for (int i = 1; i < tasks.size(); i++) {
            assertThat(tasks.get(i).getStartFrame()).isEqualTo(tasks.get(i - 1).getEndFrame());
        }
        assertThat(tasks.get(tasks.size() - 1).getEndFrame()).isEqualTo(330);
        assertThat(deadLetters.received())
                .extracting(d -> d.getVideoId(), d -> d.getReason())
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("notes", ReasonCode.NOT_A_VIDEO),
                        org.assertj.core.groups.Tuple.tuple("poison", ReasonCode.INVALID_REQUEST),
                        org.assertj.core.groups.Tuple.tuple("", ReasonCode.INVALID_REQUEST));
        assertThat(deadLetters.received())
                .filteredOn(d -> d.getVideoId().equals("poison"))
                .singleElement()
                .satisfies(
                        d -> {
                            assertThat(d.getMessage())
                                    .startsWith(
                                            "The record at uploads-0 offset 7 (key 'poison') is"
                                                    + " not an UploadRequested in Avro binary: ");
                            assertThat(d.getOriginalRecord().remaining()).isEqualTo(5);
                        });
        assertThat(deadLetters.received())
                .filteredOn(d -> d.getVideoId().isEmpty())
                .singleElement()
                .satisfies(
                        d ->
                                assertThat(d.getMessage())
                                        .contains("(key none)")
                                        .contains("it is empty"));
        assertThat(statuses.received())
                .anySatisfy(
                        s -> {
                            assertThat(s.getVideoId()).isEqualTo("poison");
                            assertThat(s.getState()).isEqualTo(State.FAILED);
                            assertThat(s.getMessage()).startsWith("INVALID_REQUEST: ");
                        });
        assertThat(statuses.received())
                .anySatisfy(
                        s -> {
                            assertThat(s.getVideoId()).isEqualTo("talk");
                            assertThat(s.getStage()).isEqualTo(Stage.INGEST);
                            assertThat(s.getState()).isEqualTo(State.SUCCEEDED);
                        });
        assertThat(statuses.received())
                .anySatisfy(
                        s -> {
                            assertThat(s.getVideoId()).isEqualTo("notes");
                            assertThat(s.getState()).isEqualTo(State.FAILED);
                        });
    }
}
