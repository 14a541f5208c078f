package io.clipstream.cli;

import io.clipstream.operators.analysis.SegmentAnalyzer;
import io.clipstream.operators.analysis.shots.CombinedShotDetector;
import io.clipstream.operators.analysis.shots.FrameFeatureExtractor;
import io.clipstream.operators.analysis.shots.SceneDetection;
import io.clipstream.operators.flink.SegmentAnalysisFunction;
import io.clipstream.operators.media.MediaLimits;
import io.clipstream.operators.media.MediaProbe;
import io.clipstream.operators.media.ProbeResult;
import io.clipstream.operators.media.SegmentPlan;
import io.clipstream.operators.media.SegmentPlanner;
import io.clipstream.schemas.SegmentAnalysis;
import io.clipstream.schemas.SegmentTask;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.bytedeco.javacv.FFmpegFrameGrabber;

/** The measurements behind {@code clipstream bench scenes}; each is the median of several runs. */
final class SceneBenchmark {
    /** One measured configuration. */
    record Measurement(String name, double seconds, long frames) {}

    private final Path video;
    private final int runs;
    private final ProbeResult probe;

    SceneBenchmark(Path video, int runs) throws Exception {
        this.video = video;
        this.runs = runs;
        this.probe = MediaProbe.probe(video, MediaLimits.DEFAULT);
    }

    ProbeResult probe() {
        return probe;
    }

    /**
     * FFmpeg's own full decode of the video stream: libavcodec with all threads, every frame
     * decoded, no pixel conversion, no analysis. The same native FFmpeg clipstream uses.
     */
    Measurement libavcodecDecode() throws Exception {
        double[] times = new double[runs];
        long frames = 0;
        for (int r = 0; r < runs; r++) {
            long begin = System.nanoTime();
            frames = 0;
            try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(video.toFile())) {
                grabber.setAudioStream(-1);
                grabber.start();
                while (grabber.grabFrame(false, true, false, false, false) != null) {
                    frames++;
                }
            }
            times[r] = (System.nanoTime() - begin) / 1e9;
        }
        if (frames != probe.frameCount()) {
            throw new IllegalStateException(
                    "reference decode saw " + frames + " of " + probe.frameCount() + " frames");
        }
        return new Measurement(
                "FFmpeg full decode, all threads (libavcodec, reference)", median(times), frames);
    }

    /** The ffmpeg program's full decode, when one is on the PATH; null otherwise. */
    Measurement ffmpegCliDecode() throws Exception {
        String ffmpeg = null;
        for (String dir :
                System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (java.nio.file.Files.isExecutable(Path.of(dir, "ffmpeg"))) {
                ffmpeg = Path.of(dir, "ffmpeg").toString();
                break;
            }
        }
        if (ffmpeg == null) {
            return null;
        }
        double[] times = new double[runs];
        for (int r = 0; r < runs; r++) {
            long begin = System.nanoTime();
            Process p =
                    new ProcessBuilder(
                                    ffmpeg,
                                    "-hide_banner",
                                    "-loglevel",
                                    "error",
                                    "-threads",
                                    "0",
                                    "-i",
                                    video.toString(),
                                    "-map",
                                    "0:v:0",
                                    "-f",
                                    "null",
                                    "-")
                            .redirectErrorStream(true)
                            .start();
            p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IllegalStateException(
                        "ffmpeg decode failed with exit code " + p.exitValue());
            }
            times[r] = (System.nanoTime() - begin) / 1e9;
        }
        return new Measurement(
                "ffmpeg -threads 0 -f null (" + ffmpeg + ")", median(times), probe.frameCount());
    }

    /** {@code clipstream scenes}: probe, analysis of every segment on worker threads, detection. */
    Measurement scenes(String name, SegmentAnalyzer.Settings settings, int workers)
            throws Exception {
        double[] times = new double[runs];
        for (int r = 0; r < runs; r++) {
            var result =
                    new SceneDetection(
                                    settings,
                                    CombinedShotDetector.Settings.DEFAULT,
                                    30_000_000,
                                    workers)
                            .detect(video);
            times[r] = result.elapsedNanos() / 1e9;
        }
        return new Measurement(name, median(times), probe.frameCount());
    }

    /**
     * The analysis job's segment operator on a running local MiniCluster with 1 and with 2 slots,
     * one decode thread per slot, 10 s segments: each run times one job of each, in turn, so a slow
     * spell of a shared machine falls on both. The cluster is started once, so its start-up is not
     * measured; each job's submission and scheduling is.
     *
     * @return the 1-slot and the 2-slot measurement, then the same for the analysis span alone
     */
    Measurement[] flinkSlots(MiniCluster cluster) throws Exception {
        int lag = FrameFeatureExtractor.lagFor(probe.facts().getFps());
        List<SegmentPlan> plans = new SegmentPlanner(10_000_000, lag).plan(probe, t -> true);
        List<SegmentTask> tasks = new ArrayList<>();
        for (SegmentPlan p : plans) {
            tasks.add(SceneDetection.task(probe, p, plans.size(), video));
        }
        SegmentAnalyzer.Settings oneThread = new SegmentAnalyzer.Settings(128, 1, true);
        double[][] times = new double[2][runs];
        double[][] spans = new double[2][runs];
        for (int r = 0; r < runs; r++) {
            for (int slots = 1; slots <= 2; slots++) {
                StreamExecutionEnvironment env =
                        StreamExecutionEnvironment.getExecutionEnvironment();
                env.setParallelism(slots);
                env.fromData(tasks)
                        .rebalance()
                        .map(SceneBenchmark::started)
                        .setParallelism(slots)
                        .process(new SegmentAnalysisFunction(oneThread))
                        .setParallelism(slots)
                        .map(SceneBenchmark::requireSuccess)
                        .sinkTo(new DiscardingSink<>());
                var jobGraph = env.getStreamGraph().getJobGraph();
                FIRST_START.set(Long.MAX_VALUE);
                LAST_END.set(Long.MIN_VALUE);
                long begin = System.nanoTime();
                cluster.executeJobBlocking(jobGraph);
                times[slots - 1][r] = (System.nanoTime() - begin) / 1e9;
                spans[slots - 1][r] = (LAST_END.get() - FIRST_START.get()) / 1e9;
            }
        }
        Measurement[] out = new Measurement[4];
        for (int slots = 1; slots <= 2; slots++) {
            out[slots - 1] =
                    new Measurement(
                            "Flink segment analysis, "
                                    + slots
                                    + " slot"
                                    + (slots > 1 ? "s" : "")
                                    + " x 1 decode thread",
                            median(times[slots - 1]),
                            probe.frameCount());
            out[slots + 1] =
                    new Measurement(
                            "analysis span, " + slots + " slot" + (slots > 1 ? "s" : ""),
                            median(spans[slots - 1]),
                            probe.frameCount());
        }
        return out;
    }

    // The MiniCluster runs in this JVM: its tasks report here when the first segment reached an
    // analysis and when the last one left it, so the span leaves out the job's submission,
    // scheduling and shutdown.
    private static final java.util.concurrent.atomic.AtomicLong FIRST_START =
            new java.util.concurrent.atomic.AtomicLong(Long.MAX_VALUE);
    private static final java.util.concurrent.atomic.AtomicLong LAST_END =
            new java.util.concurrent.atomic.AtomicLong(Long.MIN_VALUE);

    private static SegmentTask started(SegmentTask task) {
        FIRST_START.accumulateAndGet(System.nanoTime(), Math::min);
        return task;
    }

    static MiniCluster startCluster(int slots) throws Exception {
        MiniCluster cluster =
                new MiniCluster(
                        new MiniClusterConfiguration.Builder()
                                .setNumTaskManagers(1)
                                .setNumSlotsPerTaskManager(slots)
                                .setConfiguration(new Configuration())
                                .build());
        cluster.start();
        return cluster;
    }

    private static SegmentAnalysis requireSuccess(SegmentAnalysis a) {
        LAST_END.accumulateAndGet(System.nanoTime(), Math::max);
        if (a.getFailure() != null) {
            throw new IllegalStateException(a.getFailure());
        }
        return a;
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
