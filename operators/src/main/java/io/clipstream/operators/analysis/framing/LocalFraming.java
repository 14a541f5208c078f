package io.clipstream.operators.analysis.framing;

import io.clipstream.operators.analysis.SegmentAnalyzer;
import io.clipstream.operators.analysis.VideoAssembler;
import io.clipstream.operators.flink.IngestSettings;
import io.clipstream.operators.media.AudioExtractor;
import io.clipstream.operators.media.MediaLimits;
import io.clipstream.operators.media.MediaProbe;
import io.clipstream.operators.media.MediaRejectedException;
import io.clipstream.operators.media.ProbeResult;
import io.clipstream.operators.media.SegmentPlan;
import io.clipstream.operators.media.SegmentPlanner;
import io.clipstream.schemas.Options;
import io.clipstream.schemas.SegmentAnalysis;
import io.clipstream.schemas.UploadRequested;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Analyses a local file the way the analysis job does (segments planned as ingest plans them, each
 * analysed on its own, then assembled) and returns what the virtual camera needs: for benchmarks
 * and tools that frame a file without the streaming pipeline.
 */
public final class LocalFraming {
    private LocalFraming() {}

    /** The scene of a video and its duration. */
    /**
     * @param analysisNanos wall time of the segments' analysis
     * @param cpuNanos CPU time of the whole process (every thread: decoders, recogniser, faces)
     *     over the same span, which other processes on the machine disturb far less
     */
    public record Analysed(
            VirtualCamera.Scene scene, long durationUs, long analysisNanos, long cpuNanos) {}

    private static long processCpuNanos() {
        var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun
                ? sun.getProcessCpuTime()
                : -1;
    }

    public static Analysed analyse(
            Path video, SegmentAnalyzer analyzer, long segmentUs, VideoAssembler assembler)
            throws IOException {
        ProbeResult probe;
        try {
            probe = MediaProbe.probe(video, MediaLimits.DEFAULT);
        } catch (MediaRejectedException e) {
            throw new IOException(e.getMessage(), e);
        }
        int context =
                new IngestSettings(null, MediaLimits.DEFAULT, segmentUs)
                        .contextFrames(probe.facts().getFps());
        List<SegmentPlan> plans = new SegmentPlanner(segmentUs, context).plan(probe, t -> true);
        boolean audio = probe.facts().getAudioChannels() > 0;
        Path wav = audio ? Files.createTempFile("clipstream-framing-", ".wav") : null;
        try {
            if (audio) {
                AudioExtractor.extract(
                        video, probe.facts().getStartPtsUs(), probe.facts().getDurationUs(), wav);
            }
            UploadRequested upload =
                    UploadRequested.newBuilder()
                            .setVideoId("local")
                            .setTenantId("local")
                            .setSourceUri(video.toUri().toString())
                            .setOptions(Options.newBuilder().build())
                            .setRequestedAt(Instant.EPOCH)
                            .build();
            List<SegmentAnalysis> analyses = new ArrayList<>();
            long begin = System.nanoTime();
            long cpuBegin = processCpuNanos();
            for (SegmentPlan plan : plans) {
                analyses.add(
                        analyzer.analyse(
                                plan.toTask(
                                        upload,
                                        audio ? wav.toUri().toString() : null,
                                        plans.size(),
                                        probe),
                                video,
                                wav));
            }
            long nanos = System.nanoTime() - begin;
            long cpu = processCpuNanos() - cpuBegin;
            return new Analysed(
                    assembler.scene(analyses), probe.facts().getDurationUs(), nanos, cpu);
        } finally {
            if (wav != null) {
                Files.deleteIfExists(wav);
            }
        }
    }
}
