package io.clipstream.cli;

import io.clipstream.ingest.IngestJobOptions;
import io.clipstream.operators.config.CommonOptions;
import io.clipstream.operators.kafka.AvroCodec;
import io.clipstream.operators.storage.ObjectStore;
import io.clipstream.schemas.ClipRendered;
import io.clipstream.schemas.DeadLetter;
import io.clipstream.schemas.JobStatus;
import io.clipstream.schemas.Options;
import io.clipstream.schemas.Stage;
import io.clipstream.schemas.State;
import io.clipstream.schemas.Topics;
import io.clipstream.schemas.UploadRequested;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Many uploads at once into the embedded stack, followed to the end: every video must finish with
 * its clips or a dead letter, none may be lost, and no clip may be delivered twice. Times are taken
 * where a downstream consumer sees the records ({@code read_committed}), from the moment the
 * uploads were published.
 */
final class LoadRun {
    /** How one upload ended. */
    record Video(
            String videoId,
            String source,
            String status,
            int clips,
            int duplicateClipEvents,
            double firstClipSeconds,
            double doneSeconds,
            String reason) {}

    /** The run: every video, and when the last clip came. */
    record Report(
            List<Video> videos, double publishSeconds, double lastClipSeconds, double wallSeconds) {
        long count(String status) {
            return videos.stream().filter(v -> v.status().equals(status)).count();
        }

        int duplicates() {
            return videos.stream().mapToInt(Video::duplicateClipEvents).sum();
        }

        /** The q-quantile (0 to 1) of upload-to-first-clip latency over videos with clips. */
        double firstClipQuantile(double q) {
            double[] sorted =
                    videos.stream()
                            .filter(v -> v.firstClipSeconds() >= 0)
                            .mapToDouble(Video::firstClipSeconds)
                            .sorted()
                            .toArray();
            if (sorted.length == 0) {
                return Double.NaN;
            }
            int index = (int) Math.ceil(q * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
        }
    }

    private final int parallelism;
    private final Options options;
    private final Duration timeout;

    LoadRun(int parallelism, Options options, Duration timeout) {
        this.parallelism = parallelism;
        this.options = options;
        this.timeout = timeout;
    }

    /** Uploads {@code count} videos, cycling through {@code files}, all published at once. */
    Report run(List<Path> files, int count) throws Exception {
        Path workDir = Files.createTempDirectory("clipstream-load-");
        try (LocalStack stack = LocalStack.start(workDir.resolve("s3"), parallelism)) {
            Configuration conf = stack.flinkConfig();
            conf.set(CommonOptions.PARALLELISM, parallelism);
            conf.set(IngestJobOptions.SEGMENT_TARGET, Duration.ofSeconds(60));
            LocalStack.sizeNetworkMemory(conf, parallelism);
            StreamExecutionEnvironment env =
                    StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf);
            env.enableCheckpointing(1000, CheckpointingMode.EXACTLY_ONCE);
            Pipeline.build(env, conf);
            JobClient job = env.executeAsync("clipstream-load");
            try (KafkaConsumer<byte[], byte[]> consumer =
                    VideoWatcher.committedConsumer(stack.bootstrapServers(), "clipstream-load-")) {
                // the objects are in the store before the clock starts: the load is the events
                List<UploadRequested> uploads = new ArrayList<>();
                Map<String, String> sources = new LinkedHashMap<>();
                String run = UUID.randomUUID().toString().substring(0, 6);
                for (int i = 0; i < count; i++) {
                    Path file = files.get(i % files.size());
                    String videoId = String.format("load-%s-%03d", run, i + 1);
                    String uri =
                            CommonOptions.tenantPaths(conf)
                                    .uploadUri("load", videoId, ClipRun.safeName(file));
                    ObjectStore.upload(file, uri);
                    sources.put(videoId, file.getFileName().toString());
                    uploads.add(
                            UploadRequested.newBuilder()
                                    .setVideoId(videoId)
                                    .setTenantId("load")
                                    .setSourceUri(uri)
                                    .setOptions(Options.newBuilder(options).build())
                                    .setRequestedAt(Instant.now())
                                    .build());
                }
                long start = System.nanoTime();
                try (UploadSubmitter submitter = new UploadSubmitter(stack.bootstrapServers())) {
                    uploads.forEach(submitter::submit);
                }
                double published = (System.nanoTime() - start) / 1e9;
                return follow(consumer, sources, start, published);
            } finally {
                job.cancel().get();
            }
        } finally {
            ClipRun.deleteTree(workDir);
        }
    }

    private Report follow(
            KafkaConsumer<byte[], byte[]> consumer,
            Map<String, String> sources,
            long start,
            double published)
            throws Exception {
        Map<String, Tracker> trackers = new HashMap<>();
        sources.keySet().forEach(id -> trackers.put(id, new Tracker()));
        long deadline = start + timeout.toNanos();
        double lastClip = 0;
        while (System.nanoTime() < deadline
                && trackers.values().stream().anyMatch(t -> !t.done())) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                String key =
                        record.key() == null
                                ? ""
                                : new String(record.key(), StandardCharsets.UTF_8);
                Tracker t = trackers.get(key);
                if (t == null) {
                    continue;
                }
                double at = (System.nanoTime() - start) / 1e9;
                switch (record.topic()) {
                    case Topics.CLIPS -> {
                        ClipRendered clip = AvroCodec.decode(record.value(), ClipRendered.class);
                        if (!t.clipIds.add(clip.getClipId())) {
                            t.duplicates++;
                        }
                        t.firstClip = t.firstClip < 0 ? at : t.firstClip;
                        lastClip = Math.max(lastClip, at);
                        t.maybeDone(at);
                    }
                    case Topics.DEAD_LETTERS -> {
                        DeadLetter letter = AvroCodec.decode(record.value(), DeadLetter.class);
                        if (t.reason == null) {
                            t.reason = letter.getReason() + ": " + letter.getMessage();
                        }
                        t.failedAt = t.failedAt < 0 ? at : t.failedAt;
                    }
                    case Topics.JOB_STATUS -> {
                        JobStatus status = AvroCodec.decode(record.value(), JobStatus.class);
                        if (status.getStage() == Stage.ANALYSIS
                                && status.getState() == State.SUCCEEDED) {
                            t.expected = status.getClipCount();
                        }
                        if (status.getStage() == Stage.RENDER
                                && status.getState() == State.SUCCEEDED) {
                            t.renderDone = true;
                        }
                        t.maybeDone(at);
                    }
                    default -> {}
                }
            }
        }
        double wall = (System.nanoTime() - start) / 1e9;
        List<Video> videos = new ArrayList<>();
        for (var e : sources.entrySet()) {
            Tracker t = trackers.get(e.getKey());
            String status = t.doneAt >= 0 ? "DONE" : t.failedAt >= 0 ? "FAILED" : "LOST";
            videos.add(
                    new Video(
                            e.getKey(),
                            e.getValue(),
                            status,
                            t.clipIds.size(),
                            t.duplicates,
                            t.firstClip,
                            status.equals("DONE") ? t.doneAt : t.failedAt,
                            t.reason));
        }
        return new Report(videos, published, lastClip, wall);
    }

    /** What has been seen of one video. */
    private static final class Tracker {
        final java.util.Set<String> clipIds = new java.util.HashSet<>();
        int duplicates;
        Integer expected;
        boolean renderDone;
        double firstClip = -1;
        double doneAt = -1;
        double failedAt = -1;
        String reason;

        void maybeDone(double at) {
            if (doneAt < 0
                    && expected != null
                    && (expected == 0 || renderDone && clipIds.size() >= expected)) {
                doneAt = at;
            }
        }

        boolean done() {
            return doneAt >= 0 || failedAt >= 0;
        }
    }
}
