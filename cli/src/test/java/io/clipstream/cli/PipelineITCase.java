package io.clipstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.clipstream.ingest.IngestJobOptions;
import io.clipstream.operators.media.MediaLimits;
import io.clipstream.operators.media.MediaProbe;
import io.clipstream.operators.media.ProbeResult;
import io.clipstream.operators.storage.ObjectStore;
import io.clipstream.operators.testing.TestVideos;
import io.clipstream.operators.webhooks.TestReceiver;
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
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline (ingest, analysis, render, notify) on a MiniCluster, over the embedded Kafka
 * broker and the embedded S3-compatible store through {@code s3://} URIs, with Flink's Prometheus
 * reporter on, as the chart configures it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineITCase {
    static final int METRICS_PORT = freePort();

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
    static TestReceiver receiver;

    static Configuration prometheus() {
        Configuration conf = new Configuration();
        conf.setString(
                "metrics.reporter.prom.factory.class",
                "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
        conf.setString("metrics.reporter.prom.port", Integer.toString(METRICS_PORT));
        return conf;
    }

    static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @BeforeAll
    static void startPipeline() throws Exception {
        // a customer's receiver: accepts on /ok, refuses (400) on /reject
        receiver = new TestReceiver(path -> path.startsWith("/reject") ? 400 : 200);
        stack = LocalStack.start(dir.resolve("s3"), 2);
        Configuration conf = stack.flinkConfig();
        conf.set(IngestJobOptions.SEGMENT_TARGET, Duration.ofSeconds(3));
        conf.setString("clipstream.webhooks.secrets", "acme:pipeline-secret");
        conf.setString("clipstream.webhooks.allow-private-networks", "true");
        // started before any test, so on a local MiniCluster of its own, reporter included
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(prometheus());
        env.setParallelism(2);
        env.enableCheckpointing(500, CheckpointingMode.EXACTLY_ONCE);
        Pipeline.build(env, conf, true);
        job = env.executeAsync("clipstream-it");
        submitter = new UploadSubmitter(stack.bootstrapServers());
    }

    @AfterAll
    static void stop() throws Exception {
        if (receiver != null) {
            receiver.close();
        }
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
            UploadRequested request = request("talk1", "acme", uri);
            request.setCallbackUrl(receiver.url() + "ok");
            submitter.submit(request);
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
        UploadRequested notes = request("notes1", "acme", notVideo);
        notes.setCallbackUrl(receiver.url() + "reject");
        assertDeadLetter("notes1", notes, ReasonCode.NOT_A_VIDEO);
        assertDeadLetter(
                "foreign1",
                request("foreign1", "acme", elsewhere),
                ReasonCode.OUTSIDE_TENANT_PREFIX);
        assertDeadLetter(
                "missing1",
                request("missing1", "acme", "s3://clipstream/uploads/acme/missing1/none.mp4"),
                ReasonCode.OBJECT_NOT_FOUND);
    }

    /**
     * Runs last: after a clipped video, bad uploads and their webhooks, Prometheus scrapes the
     * custom metrics from the reporter's endpoint, each with a value above zero.
     */
    @Test
    @Order(Integer.MAX_VALUE)
    void prometheusScrapesTheCustomMetrics() throws Exception {
        List<String> wanted =
                List.of(
                        "uploadsAccepted",
                        "reason_deadLetters{reason=\"NOT_A_VIDEO\"",
                        "reason_deadLetters{reason=\"OBJECT_NOT_FOUND\"",
                        "segmentsAnalysed",
                        "framesPerSecond",
                        "xRealtime",
                        "clipsRendered",
                        "renderMillis",
                        "clipRenderMillis_count",
                        "webhooksDelivered",
                        "webhooksFailed",
                        "reason_deadLetters{reason=\"WEBHOOK_FAILED\"");
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.net.http.HttpRequest scrape =
                java.net.http.HttpRequest.newBuilder(
                                java.net.URI.create(
                                        "http://127.0.0.1:" + METRICS_PORT + "/metrics"))
                        .build();
        Map<String, Double> highest = Map.of();
        String last = "";
        // webhooks are delivered asynchronously: scrape until each metric has counted something
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            String body =
                    http.send(scrape, java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            highest = highestValues(body, wanted);
            if (highest.size() == wanted.size() && highest.values().stream().allMatch(v -> v > 0)) {
                break;
            }
            last = body;
            Thread.sleep(500);
        }
        assertThat(highest.keySet()).as(last).containsExactlyInAnyOrderElementsOf(wanted);
        assertThat(highest)
                .allSatisfy((metric, value) -> assertThat(value).as(metric).isPositive());
    }

    /**
     * The largest sample of each wanted metric (any subtask), from Prometheus' text format. A
     * wanted metric is the end of a name ({@code uploadsAccepted}), with a label it must carry when
     * written {@code name{label="value"}}.
     */
    static Map<String, Double> highestValues(String exposition, List<String> wanted) {
        Map<String, Double> highest = new java.util.LinkedHashMap<>();
        for (String line : exposition.lines().toList()) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.lastIndexOf(' ');
            String name = brace >= 0 ? line.substring(0, brace) : line.substring(0, space);
            String labels = brace >= 0 ? line.substring(brace, line.lastIndexOf('}') + 1) : "";
            for (String metric : wanted) {
                int open = metric.indexOf('{');
                String suffix = "_" + (open >= 0 ? metric.substring(0, open) : metric);
                String label = open >= 0 ? metric.substring(open + 1) : null;
                if (name.endsWith(suffix)
                        && (label == null
                                || labels.contains("," + label)
                                || labels.contains("{" + label))) {
                    double value = Double.parseDouble(line.substring(space + 1));
                    highest.merge(metric, value, Math::max);
                }
            }
        }
        return highest;
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
