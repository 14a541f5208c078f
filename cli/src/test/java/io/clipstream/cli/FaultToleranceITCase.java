package io.clipstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.clipstream.ingest.IngestJobOptions;
import io.clipstream.operators.flink.FaultInjection;
import io.clipstream.operators.flink.FaultInjection.Site;
import io.clipstream.operators.storage.ObjectStore;
import io.clipstream.operators.testing.TestVideos;
import io.clipstream.schemas.ClipRendered;
import io.clipstream.schemas.RenderedOutput;
import io.clipstream.schemas.ScoredSegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failure drills on the whole pipeline (a MiniCluster, the embedded broker and S3 store): a task
 * fails, and separately a task manager is lost, in the middle of segment analysis, of video
 * assembly and of rendering a clip. After Flink restarts from the last checkpoint, the video's
 * talking points and clips equal those of a clean run of the same file, each clip record is read
 * once ({@code read_committed}), every clip object is complete, and no temporary file is left
 * behind.
 */
class FaultToleranceITCase {
    @TempDir Path dir;
    MiniCluster cluster;
    LocalStack stack;

    @AfterEach
    void stop() throws Exception {
        FaultInjection.reset();
        if (cluster != null) {
            cluster.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    /** The pipeline on a fresh cluster of one task manager, with the given faults armed. */
    private JobID start(Map<Site, String> faults) throws Exception {
        Configuration clusterConf = new Configuration();
        clusterConf.setString("taskmanager.memory.network.min", "64m");
        clusterConf.setString("taskmanager.memory.network.max", "64m");
        cluster =
                new MiniCluster(
                        new MiniClusterConfiguration.Builder()
                                .setConfiguration(clusterConf)
                                .setNumTaskManagers(1)
                                .setNumSlotsPerTaskManager(4)
                                .build());
        cluster.start();
        stack = LocalStack.start(dir.resolve("s3"), 2);
        Configuration conf = stack.flinkConfig();
        conf.set(IngestJobOptions.SEGMENT_TARGET, Duration.ofSeconds(3));
        conf.setString("restart-strategy.type", "fixed-delay");
        conf.setString("restart-strategy.fixed-delay.attempts", "10");
        conf.setString("restart-strategy.fixed-delay.delay", "500 ms");
        String params =
                faults.entrySet().stream()
                        .map(e -> e.getKey().parameter() + ":" + e.getValue())
                        .collect(Collectors.joining(","));
        if (!params.isEmpty()) {
            conf.setString("pipeline.global-job-parameters", params);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        env.enableCheckpointing(500, CheckpointingMode.EXACTLY_ONCE);
        Pipeline.build(env, conf);
        return cluster.submitJob(env.getStreamGraph().getJobGraph()).get().getJobID();
    }

    /**
     * A video's clips and talking points, without what differs between two runs of one file, and
     * the names its scratch files would carry.
     */
    record Result(
            List<String> clips,
            List<String> scored,
            Map<String, Long> clipEvents,
            Set<String> scratchNames) {}

    private Result clip(String videoId, Runnable whileRunning) throws Exception {
        String uri = "s3://clipstream/uploads/acme/" + videoId + "/talk.mp4";
        ObjectStore.upload(TestVideos.talk(), uri);
        try (VideoWatcher watcher = new VideoWatcher(stack.bootstrapServers(), videoId);
                UploadSubmitter submitter = new UploadSubmitter(stack.bootstrapServers())) {
            submitter.submit(PipelineITCase.request(videoId, "acme", uri));
            whileRunning.run();
            VideoWatcher.Outcome outcome = watcher.await(Duration.ofMinutes(4), s -> {});
            assertThat(outcome.succeeded()).as(String.valueOf(outcome.failure())).isTrue();
            // a last look, for duplicates committed after the video looked done
            watcher.await(Duration.ofSeconds(2), s -> {});
            for (ClipRendered clip : outcome.clips()) {
                for (RenderedOutput out : clip.getOutputs()) {
                    assertThat(ObjectStore.sizeOf(out.getUri()))
                            .as(out.getUri())
                            .isEqualTo(out.getBytes());
                    assertThat(sha256(out.getUri())).as(out.getUri()).isEqualTo(out.getSha256());
                }
            }
            List<String> clips =
                    outcome.clips().stream()
                            .map(
                                    c ->
                                            c.getRank()
                                                    + " "
                                                    + c.getStartUs()
                                                    + "-"
                                                    + c.getEndUs()
                                                    + " "
                                                    + c.getScore()
                                                    + " "
                                                    + c.getTitle())
                            .toList();
            List<String> scored =
                    ScoredArchive.read(stack.bootstrapServers(), videoId).stream()
                            .map(FaultToleranceITCase::withoutRunFields)
                            .sorted()
                            .toList();
            Map<String, Long> events =
                    watcher.clipEvents().stream()
                            .collect(
                                    Collectors.groupingBy(
                                            ClipRendered::getClipId, Collectors.counting()));
            Set<String> names = new java.util.HashSet<>();
            names.add("audio-" + videoId + "-");
            for (ClipRendered c : outcome.clips()) {
                for (String prefix : List.of("clip-", "thumb-", "sidecar-")) {
                    names.add(prefix + c.getClipId() + "-");
                }
            }
            return new Result(clips, scored, events, names);
        }
    }

    private static String withoutRunFields(ScoredSegment s) {
        ScoredSegment copy = ScoredSegment.newBuilder(s).build();
        copy.setVideoId("");
        copy.setSegmentId(s.getSegmentId().replace(s.getVideoId(), ""));
        copy.setEventTime(Instant.EPOCH);
        return copy.toString();
    }

    private static String sha256(String uri) throws Exception {
        try (var in = ObjectStore.open(uri)) {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(in.readAllBytes()));
        }
    }

    /**
     * The scratch files the operators left for these videos in the temporary directory (named by
     * clip and video id, so other processes' files do not count).
     */
    private static List<String> leftovers(Result... results) throws Exception {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        try (Stream<Path> files = Files.list(tmp)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(
                            n ->
                                    Stream.of(results)
                                            .flatMap(r -> r.scratchNames().stream())
                                            .anyMatch(n::startsWith))
                    .toList();
        }
    }

    private static void assertSameAsClean(Result faulty, Result clean) {
        assertThat(faulty.clips()).isNotEmpty().isEqualTo(clean.clips());
        assertThat(faulty.scored()).isNotEmpty().isEqualTo(clean.scored());
        assertThat(faulty.clipEvents().values()).as("each ClipRendered read once").containsOnly(1L);
        assertThat(faulty.clipEvents()).hasSameSizeAs(faulty.clips());
    }

    @Test
    void anExceptionMidAnalysisMidAssemblyAndMidRenderLosesAndDuplicatesNothing() throws Exception {
        start(Map.of(Site.ANALYSIS, "fail", Site.ASSEMBLY, "fail", Site.RENDER, "fail"));
        Result faulty = clip("faulty", () -> {});
        for (Site site : Site.values()) {
            assertThat(FaultInjection.fired(site)).as(site + " fired").isTrue();
        }
        // the faults are spent: the same file again is the clean reference
        Result clean = clip("clean", () -> {});
        assertSameAsClean(faulty, clean);
        assertThat(leftovers(faulty, clean)).isEmpty();
    }

    @Test
    void aTaskManagerLostMidAnalysisMidAssemblyAndMidRenderLosesAndDuplicatesNothing()
            throws Exception {
        JobID job =
                start(Map.of(Site.ANALYSIS, "stall", Site.ASSEMBLY, "stall", Site.RENDER, "stall"));
        // the cluster keeps every task manager it started in order: the i-th lost is index i, and
        // until then it is the only one running, so it holds every task, the stalled one included
        Result faulty =
                clip(
                        "lost-tm",
                        () -> {
                            int lost = 0;
                            for (Site site : Site.values()) {
                                try {
                                    assertThat(
                                                    FaultInjection.entered(site)
                                                            .await(3, TimeUnit.MINUTES))
                                            .as(site + " reached")
                                            .isTrue();
                                    if (site == Site.RENDER) {
                                        // a render runs beside its task, not in it: a
                                        // checkpoint, and so the commit of the clips rendered
                                        // before, need not wait for it to end
                                        assertThat(
                                                        cluster.triggerCheckpoint(job)
                                                                .get(90, TimeUnit.SECONDS))
                                                .as("checkpoint during a render")
                                                .isNotBlank();
                                    }
                                    cluster.startTaskManager();
                                    cluster.terminateTaskManager(lost++).get();
                                } catch (Exception e) {
                                    throw new IllegalStateException(e);
                                }
                            }
                        });
        Result clean = clip("clean", () -> {});
        assertSameAsClean(faulty, clean);
        assertThat(leftovers(faulty, clean)).isEmpty();
    }
}
