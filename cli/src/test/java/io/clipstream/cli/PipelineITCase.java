package io.clipstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.clipstream.ingest.IngestJobOptions;
import io.clipstream.operators.media.MediaLimits;
import io.clipstream.operators.media.MediaProbe;
import io.clipstream.operators.media.ProbeResult;
import io.clipstream.operators.storage.ObjectStore;
import io.clipstream.operators.testing.TestVideos;
import io.clipstream.schemas.ClipRendered;
import io.clipstream.schemas.Options;
import io.clipstream.schemas.ReasonCode;
import io.clipstream.schemas.RenderedOutput;
import io.clipstream.schemas.UploadRequested;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline (ingest, analysis, render) on a MiniCluster, over the embedded Kafka broker
 * and the embedded S3-compatible store through {@code s3://} URIs.
 */
class PipelineITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(4)
                            .build());

    @TempDir static Path dir;
    static LocalStack stack;
    static JobClient job;
    static UploadSubmitter submitter;

    @BeforeAll
    static void startPipeline() throws Exception {
        stack = LocalStack.start(dir.resolve("s3"), 2);
        Configuration conf = stack.flinkConfig();
        conf.set(IngestJobOptions.SEGMENT_TARGET, Duration.ofSeconds(3));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.enableCheckpointing(500, CheckpointingMode.EXACTLY_ONCE);
        Pipeline.build(env, conf);
        job = env.executeAsync("clipstream-it");
        submitter = new UploadSubmitter(stack.bootstrapServers());
    }

    @AfterAll
    static void stop() throws Exception {
        if (submitter != null) {
            submitter.close();
        }
        if (job != null) {
            job.cancel().get();
        }
        if (stack != null) {
            stack.close();
        }
    }

    static String upload(String videoId, Path file, String tenant) throws Exception {
        String uri = "s3://clipstream/uploads/" + tenant + "/" + videoId + "/" + file.getFileName();
        ObjectStore.upload(file, uri);
        return uri;
    }

    static UploadRequested request(String videoId, String tenant, String uri) {
        return UploadRequested.newBuilder()
                .setVideoId(videoId)
                .setTenantId(tenant)
                .setSourceUri(uri)
                .setOptions(
                        Options.newBuilder()
                                .setMinClipSeconds(2)
                                .setMaxClipSeconds(6)
                                .setMaxClips(3)
                                .build())
                .setRequestedAt(Instant.now())
                .build();
    }

    @Test
    void uploadIsClippedEndToEndOverKafkaAndS3() throws Exception {
        // A poisoned record first: the pipeline must skip it and carry on.
        submitter.send("garbage", new byte[] {1, 2, 3, (byte) 0xff, 0x7f});
        String uri = upload("talk1", TestVideos.talk(), "acme");
        try (VideoWatcher watcher = new VideoWatcher(stack.bootstrapServers(), "talk1")) {
            submitter.submit(request("talk1", "acme", uri));
            VideoWatcher.Outcome outcome = watcher.await(Duration.ofMinutes(4), s -> {});
            assertThat(outcome.failure()).isNull();
            assertThat(outcome.succeeded()).isTrue();
            List<ClipRendered> clips = outcome.clips();
            assertThat(clips).isNotEmpty().hasSizeLessThanOrEqualTo(3);
            assertThat(clips)
                    .extracting(ClipRendered::getRank)
                    .containsExactlyElementsOf(
                            java.util.stream.IntStream.rangeClosed(1, clips.size())
                                    .boxed()
                                    .toList());
            for (ClipRendered clip : clips) {
                RenderedOutput out = clip.getOutputs().get(0);
                assertThat(out.getUri())
                        .isEqualTo(
                                "s3://clipstream/clips/acme/talk1/"
                                        + clip.getClipId()
                                        + "/9x16.mp4");
                Path local = dir.resolve(clip.getClipId() + ".mp4");
                ObjectStore.download(out.getUri(), local);
                assertThat(Files.size(local)).isEqualTo(out.getBytes());
                ProbeResult probe = MediaProbe.probe(local, MediaLimits.DEFAULT);
                assertThat(probe.facts().getWidth()).isEqualTo(1080);
                assertThat(probe.facts().getHeight()).isEqualTo(1920);
                long plannedUs = clip.getEndUs() - clip.getStartUs();
                long frameUs = Math.round(1e6 / 30);
                assertThat(probe.facts().getDurationUs())
                        .isCloseTo(plannedUs, org.assertj.core.data.Offset.offset(frameUs));
                assertThat(decodedFrames(local))
                        .isEqualTo(out.getFrameCount())
                        .isEqualTo(Math.round(plannedUs * 30 / 1e6));
                assertThat(clip.getEndUs() - clip.getStartUs()).isBetween(2_000_000L, 6_000_000L);
                assertThat(clip.getDurationUs()).isEqualTo(out.getDurationUs());
                // the thumbnail beside the clip, in the S3 store
                assertThat(out.getThumbnailUri())
                        .isEqualTo(out.getUri().replace("9x16.mp4", "9x16.jpg"));
                assertThat(ObjectStore.sizeOf(out.getThumbnailUri())).isPositive();
            }
            // the video's report, written by the render job once every clip was rendered
            String report = "s3://clipstream/clips/acme/talk1/report.html";
            Path html = dir.resolve("report.html");
            ObjectStore.download(report, html);
            String page = Files.readString(html);
            assertThat(page).contains("<svg id=\"timeline\"");
            for (ClipRendered clip : clips) {
                assertThat(page).contains("src=\"" + clip.getClipId() + "/9x16.mp4\"");
            }
            // Keep reading through further checkpoints: each clip's event must stay unique.
            watcher.await(Duration.ofSeconds(3), s -> {});
            Map<String, Long> perClip =
                    watcher.clipEvents().stream()
                            .collect(
                                    Collectors.groupingBy(
                                            ClipRendered::getClipId, Collectors.counting()));
            assertThat(perClip.values()).containsOnly(1L);
            assertThat(perClip).hasSize(clips.size());
        }
    }

    @Test
    void badUploadsBecomeDeadLettersAndThePipelineCarriesOn() throws Exception {
        String notVideo = upload("notes1", TestVideos.notAVideo(), "acme");
        String elsewhere = upload("foreign1", TestVideos.talk(), "other");
        assertDeadLetter("notes1", request("notes1", "acme", notVideo), ReasonCode.NOT_A_VIDEO);
        assertDeadLetter(
                "foreign1",
                request("foreign1", "acme", elsewhere),
                ReasonCode.OUTSIDE_TENANT_PREFIX);
        assertDeadLetter(
                "missing1",
                request("missing1", "acme", "s3://clipstream/uploads/acme/missing1/none.mp4"),
                ReasonCode.OBJECT_NOT_FOUND);
    }

    private static void assertDeadLetter(String videoId, UploadRequested request, ReasonCode reason)
            throws Exception {
        try (VideoWatcher watcher = new VideoWatcher(stack.bootstrapServers(), videoId)) {
            submitter.submit(request);
            VideoWatcher.Outcome outcome = watcher.await(Duration.ofMinutes(2), s -> {});
            assertThat(outcome.succeeded()).isFalse();
            assertThat(outcome.failure()).startsWith(reason.name());
            watcher.await(Duration.ofSeconds(1), s -> {});
            assertThat(outcome.deadLetters()).extracting(d -> d.getReason()).contains(reason);
        }
    }

    private static long decodedFrames(Path clip) throws Exception {
        long n = 0;
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(clip.toFile())) {
            g.start();
            while (g.grabImage() != null) {
                n++;
            }
        }
        return n;
    }
}
