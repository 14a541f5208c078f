package io.clipstream.reprocess;

import static org.assertj.core.api.Assertions.assertThat;

import io.clipstream.embedded.EmbeddedS3;
import io.clipstream.operators.config.CommonOptions;
import io.clipstream.operators.storage.ObjectStore;
import io.clipstream.operators.testing.TestVideos;
import io.clipstream.schemas.BatchStatus;
import io.clipstream.schemas.VideoSummary;
import java.nio.file.Path;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The batch job over an {@code s3://} prefix of the embedded S3-compatible store, end to end. */
class ReprocessJobS3Test {
    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @Test
    void anS3PrefixIsListedClippedAndSkippedOnRerun(@TempDir Path dir) throws Exception {
        try (EmbeddedS3 s3 = EmbeddedS3.start(dir.resolve("s3"), "clipstream")) {
            Configuration conf = ReprocessJobTest.conf(dir, "s3://clipstream/archive/", "acme");
            s3.flinkConfig().forEach(conf::setString);
            FileSystem.initialize(conf, null);
            conf.set(CommonOptions.UPLOADS_ROOT, "s3://clipstream/uploads/");
            conf.set(CommonOptions.WORK_ROOT, "s3://clipstream/work/");
            conf.set(CommonOptions.CLIPS_ROOT, "s3://clipstream/clips/");
            conf.set(ReprocessJobOptions.OUTPUT_ROOT, "s3://clipstream/batch/");
            ObjectStore.upload(TestVideos.talk(), "s3://clipstream/archive/2024/ep-1.mp4");
            ObjectStore.upload(TestVideos.notAVideo(), "s3://clipstream/archive/notes.mp4");

            Map<String, VideoSummary> first =
                    ReprocessJobTest.bySource(ReprocessJobTest.run(conf, null));
            VideoSummary ep = first.get("ep-1.mp4");
            assertThat(ep.getStatus()).as("%s", ep).isEqualTo(BatchStatus.DONE);
            assertThat(ep.getClips()).isNotEmpty();
            assertThat(ep.getClips().get(0).getOutputs().get(0).getUri())
                    .startsWith("s3://clipstream/clips/acme/" + ep.getVideoId() + "/");
            assertThat(ObjectStore.exists(ep.getClips().get(0).getOutputs().get(0).getUri()))
                    .isTrue();
            assertThat(ep.getScoredUri()).startsWith("s3://clipstream/batch/scored/tenantId=acme/");
            assertThat(ObjectStore.exists(ep.getScoredUri())).isTrue();
            assertThat(ObjectStore.exists(ep.getReportUri())).isTrue();
            assertThat(first.get("notes.mp4").getStatus()).isEqualTo(BatchStatus.FAILED);

            Map<String, VideoSummary> second =
                    ReprocessJobTest.bySource(ReprocessJobTest.run(conf, null));
            assertThat(second.get("ep-1.mp4").getStatus()).isEqualTo(BatchStatus.SKIPPED);
        }
    }
}
