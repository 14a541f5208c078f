package io.clipstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.clipstream.ingest.IngestJobOptions;
import io.clipstream.operators.media.MediaLimits;
import io.clipstream.operators.media.MediaProbe;
import io.clipstream.operators.media.ProbeResult;
import io.clipstream.operators.storage.ObjectStore;
import io.clipstream.operators.testing.DamagedVideos;
import io.clipstream.operators.testing.HostileFiles;
import io.clipstream.operators.testing.TestVideos;
import io.clipstream.operators.webhooks.TestReceiver;
import io.clipstream.schemas.ClipRendered;
import io.clipstream.schemas.DeadLetter;
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

    /**
     * One entry of the hostile corpus: what is sent, and the reason code expected (null: clips).
     */
    record Hostile(String name, UploadRequested request, byte[] raw, ReasonCode expected) {}

    /**
     * The hostile input corpus (README, "Bad input"), sent at once into the running pipeline: each
     * is accounted for as clips or a dead letter with the expected reason, nothing is lost, and the
     * jobs keep running.
     */
    @Test
    void everyHostileInputIsAccountedForAndThePipelineCarriesOn() throws Exception {
        Path media = Files.createDirectories(dir.resolve("hostile"));
        Path damaged = media.resolve("damaged.mp4");
        DamagedVideos.zeroPackets(TestVideos.talk(), damaged, p -> p >= 100 && p < 104);
        Path jpeg = HostileFiles.image(media, "photo.jpg");
        Path jpegAsMp4 = Files.copy(jpeg, media.resolve("holiday.mp4"));
        String font = upload("kit1", TestVideos.notAVideo(), "globex"); // globex's object
        List<Hostile> corpus = new java.util.ArrayList<>();
        corpus.add(bad("zero-byte", TestVideos.empty(), ReasonCode.NOT_A_VIDEO));
        Hostile text = bad("text-as-mp4", TestVideos.notAVideo(), ReasonCode.NOT_A_VIDEO);
        text.request().setCallbackUrl(receiver.url() + "reject"); // and its webhook is refused
        corpus.add(text);
        corpus.add(
                uri(
                        "missing-object",
                        "acme",
                        "s3://clipstream/uploads/acme/missing-object/none.mp4",
                        ReasonCode.OBJECT_NOT_FOUND));
        corpus.add(
                bad(
                        "cut-before-frames",
                        TestVideos.truncatedBeforeFirstFrame(),
                        ReasonCode.TRUNCATED));
        corpus.add(bad("cut-midway", TestVideos.truncated(), ReasonCode.TRUNCATED));
        corpus.add(bad("damaged-packets", damaged, null));
        corpus.add(bad("claims-50-days", HostileFiles.hugeDurationClaim(media), null));
        corpus.add(bad("frame-size-bomb", HostileFiles.frameSizeBomb(media), ReasonCode.TOO_LARGE));
        corpus.add(bad("audio-only", TestVideos.audioOnly(), ReasonCode.NO_VIDEO_STREAM));
        corpus.add(
                bad("png-image", HostileFiles.image(media, "photo.png"), ReasonCode.NOT_A_VIDEO));
        corpus.add(bad("jpeg-as-mp4", jpegAsMp4, ReasonCode.NOT_A_VIDEO));
        corpus.add(
                new Hostile(
                        "poison-record",
                        null,
                        new byte[] {1, 2, 3, (byte) 0xff, 0x7f},
                        ReasonCode.INVALID_REQUEST));
        String theirs = upload("their-talk", TestVideos.talk(), "globex");
        corpus.add(uri("other-tenant", "acme", theirs, ReasonCode.OUTSIDE_TENANT_PREFIX));
        corpus.add(
                uri(
                        "dot-dot",
                        "acme",
                        "s3://clipstream/uploads/acme/../globex/their-talk/talk.mp4",
                        ReasonCode.OUTSIDE_TENANT_PREFIX));
        corpus.add(
                uri(
                        "encoded-dot-dot",
                        "acme",
                        "s3://clipstream/uploads/acme/%2e%2e/globex/their-talk/talk.mp4",
                        ReasonCode.OUTSIDE_TENANT_PREFIX));
        corpus.add(uri("file-uri", "acme", "file:///etc/passwd", ReasonCode.OUTSIDE_TENANT_PREFIX));
        corpus.add(
                uri(
                        "http-uri",
                        "acme",
                        "http://169.254.169.254/latest/meta-data/",
                        ReasonCode.OUTSIDE_TENANT_PREFIX));
        corpus.add(
                uri(
                        "tenant-path",
                        "acme/../globex",
                        "s3://clipstream/uploads/globex/their-talk/talk.mp4",
                        ReasonCode.OUTSIDE_TENANT_PREFIX));
        String ownTalk = upload("transcript-theft", TestVideos.talk(), "acme");
        UploadRequested transcript = request("transcript-theft", "acme", ownTalk);
        transcript.getOptions().setTranscriptUri(font);
        corpus.add(
                new Hostile(
                        "transcript-theft", transcript, null, ReasonCode.OUTSIDE_TENANT_PREFIX));
        String ownTalk2 = upload("brand-theft", TestVideos.talk(), "acme");
        UploadRequested brand = request("brand-theft", "acme", ownTalk2);
        brand.getOptions()
                .setBrandKit(io.clipstream.schemas.BrandKit.newBuilder().setFontUri(font).build());
        corpus.add(new Hostile("brand-theft", brand, null, ReasonCode.OUTSIDE_TENANT_PREFIX));

        // all sent at once
        for (Hostile h : corpus) {
            if (h.raw() != null) {
                submitter.send(h.name(), h.raw());
            } else {
                submitter.submit(h.request());
            }
        }
        Map<String, String> accounted = new java.util.LinkedHashMap<>();
        for (Hostile h : corpus) {
            try (VideoWatcher watcher = new VideoWatcher(stack.bootstrapServers(), h.name())) {
                VideoWatcher.Outcome outcome = watcher.await(Duration.ofMinutes(3), s -> {});
                if (h.expected() == null) {
                    assertThat(outcome.succeeded())
                            .as(h.name() + ": " + outcome.failure())
                            .isTrue();
                    assertThat(outcome.clips()).as(h.name()).isNotEmpty();
                    accounted.put(h.name(), outcome.clips().size() + " clips");
                } else {
                    assertThat(outcome.succeeded()).as(h.name()).isFalse();
                    assertThat(outcome.deadLetters())
                            .as(h.name() + ": " + outcome.failure())
                            .extracting(DeadLetter::getReason)
                            .contains(h.expected());
                    accounted.put(h.name(), h.expected().name());
                }
                if (h.name().equals("damaged-packets")) {
                    assertThat(outcome.warnings())
                            .anyMatch(w -> w.contains("could not be decoded"));
                }
                if (h.name().equals("claims-50-days")) {
                    // the header's claim is not believed: the clips lie within the 11 s it holds
                    assertThat(outcome.clips()).allMatch(c -> c.getEndUs() <= 11_000_000L);
                }
            }
        }
        // N sent, N accounted for, 0 lost
        assertThat(accounted).hasSize(corpus.size());
        assertThat(job.getJobStatus().get())
                .isEqualTo(org.apache.flink.api.common.JobStatus.RUNNING);
    }

    private static Hostile bad(String name, Path file, ReasonCode expected) throws Exception {
        UploadRequested request = request(name, "acme", upload(name, file, "acme"));
        if (expected == null) {
            request.getOptions().setMaxClips(1); // one clip shows it was clipped; saves render time
        }
        return new Hostile(name, request, null, expected);
    }

    private static Hostile uri(String name, String tenant, String uri, ReasonCode expected) {
        return new Hostile(name, request(name, tenant, uri), null, expected);
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
