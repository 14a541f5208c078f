package io.clipstream.operators.analysis.shots;

import io.clipstream.operators.analysis.DamagedFrames;
import io.clipstream.operators.analysis.SegmentAnalyzer;
import io.clipstream.operators.media.MediaLimits;
import io.clipstream.operators.media.MediaProbe;
import io.clipstream.operators.media.MediaRejectedException;
import io.clipstream.operators.media.ProbeResult;
import io.clipstream.operators.media.SegmentPlan;
import io.clipstream.operators.media.SegmentPlanner;
import io.clipstream.schemas.FrameSignals;
import io.clipstream.schemas.Options;
import io.clipstream.schemas.SegmentAnalysis;
import io.clipstream.schemas.SegmentTask;
import io.clipstream.schemas.ShotBoundary;
import io.clipstream.schemas.UploadRequested;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Shot detection of a local file without Kafka or Flink: the same segment analysis and whole-video
 * detector the pipeline runs, with segments spread over a pool of worker threads.
 */
public final class SceneDetection {
    /**
     * What was found, what it cost, and which frames did not decode.
     *
     * @param segmentsDecodedInFull segments decoded in full from their keyframe, without a first
     *     pass (all of them without the reference-frame first pass)
     */
    public record Result(
            ProbeResult probe,
            List<ShotBoundary> boundaries,
            long framesDecoded,
            long elapsedNanos,
            DamagedFrames.Verdict damage,
            VideoSignals signals,
            long framesFullyDecoded,
            int segmentsDecodedInFull) {}

    private final SegmentAnalyzer.Settings analysis;
    private final CombinedShotDetector.Settings detection;
    private final long segmentUs;
    private final int workers;
    private final boolean referenceFirst;

    /** Detection that decodes every frame. */
    public SceneDetection(
            SegmentAnalyzer.Settings analysis,
            CombinedShotDetector.Settings detection,
            long segmentUs,
            int workers) {
        this(analysis, detection, segmentUs, workers, false);
    }

    /**
     * @param referenceFirst decode only reference frames first and every frame only around what
     *     that pass cannot rule out ({@link ReferenceFirstPass}); the boundaries are those of a
     *     full decode
     */
    public SceneDetection(
            SegmentAnalyzer.Settings analysis,
            CombinedShotDetector.Settings detection,
            long segmentUs,
            int workers,
            boolean referenceFirst) {
        this.analysis = analysis;
        this.detection = detection;
        this.segmentUs = segmentUs;
        this.workers = workers;
        this.referenceFirst = referenceFirst;
    }

    public Result detect(Path video) throws IOException, MediaRejectedException {
        long begin = System.nanoTime();
        ProbeResult probe = MediaProbe.probe(video, MediaLimits.DEFAULT);
        int lag = FrameFeatureExtractor.lagFor(probe.facts().getFps());
        int context =
                analysis.model() == null
                        ? lag
                        : Math.max(
                                lag,
                                io.clipstream.operators.analysis.shots.model.ModelFrameScorer
                                        .CONTEXT);
        List<SegmentPlan> plans = new SegmentPlanner(segmentUs, context).planPictures(probe);
        // Segments run side by side: share the cores between them rather than oversubscribe.
        SegmentAnalyzer.Settings settings =
                analysis.decodeThreads() > 0
                        ? analysis
                        : new SegmentAnalyzer.Settings(
                                analysis.analysisWidth(),
                                Math.max(1, Runtime.getRuntime().availableProcessors() / workers),
                                analysis.fastDecode(),
                                analysis.model());
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try (SegmentAnalyzer analyzer = new SegmentAnalyzer(settings)) {
            if (referenceFirst && analysis.model() == null) {
                return new ReferenceFirstPass(probe, video, analyzer, pool, workers, detection)
                        .detect(plans, begin);
            }
            List<Future<SegmentAnalysis>> futures = new ArrayList<>();
            for (SegmentPlan p : plans) {
                SegmentTask task = task(probe, p, plans.size(), video);
                futures.add(pool.submit(() -> analyzer.analyse(task, video, null)));
            }
            List<FrameSignals> parts = new ArrayList<>();
            List<SegmentAnalysis> analyses = new ArrayList<>();
            long decoded = 0;
            for (Future<SegmentAnalysis> f : futures) {
                SegmentAnalysis a = f.get();
                analyses.add(a);
                parts.add(a.getFrameSignals());
                decoded += a.getFramesDecoded();
            }
            VideoSignals signals = VideoSignals.of(parts);
            List<ShotBoundary> boundaries = new CombinedShotDetector(detection).detect(signals);
            return new Result(
                    probe,
                    boundaries,
                    decoded,
                    System.nanoTime() - begin,
                    DamagedFrames.of(analyses),
                    signals,
                    probe.frameCount(),
                    plans.size());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** The segment task the pipeline would send for this plan. */
    public static SegmentTask task(ProbeResult probe, SegmentPlan p, int count, Path video) {
        UploadRequested local =
                UploadRequested.newBuilder()
                        .setVideoId("local")
                        .setTenantId("local")
                        .setSourceUri(video.toUri().toString())
                        .setOptions(Options.newBuilder().build())
                        .setRequestedAt(Instant.EPOCH)
                        .build();
        return p.toTask(local, null, count, probe);
    }
}
