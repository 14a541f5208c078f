package io.clipstream.operators.flink;

import io.clipstream.operators.analysis.SegmentAnalyzer;
import io.clipstream.operators.speech.SidecarTranscript;
import io.clipstream.operators.storage.LocalMediaCache;
import io.clipstream.schemas.SegmentAnalysis;
import io.clipstream.schemas.SegmentTask;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Analyses one segment in whichever slot it lands. A segment that cannot be analysed still produces
 * a {@link SegmentAnalysis}, with {@code failure} set, so the video's assembly ends with a clear
 * reason rather than waiting for a segment that will never come.
 */
public class SegmentAnalysisFunction extends ProcessFunction<SegmentTask, SegmentAnalysis> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(SegmentAnalysisFunction.class);

    /** Start of the status message of one analysed segment. */
    public static final String SEGMENT_DONE = "analysed segment ";

    private final SegmentAnalyzer.Settings settings;
    private transient SegmentAnalyzer analyzer;
    private transient Counter framesDecoded;
    private transient Counter segmentsAnalysed;
    private transient volatile double lastRealtimeFactor;
    private transient volatile double lastFramesPerSecond;

    public SegmentAnalysisFunction(SegmentAnalyzer.Settings settings) {
        this.settings = settings;
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        analyzer = new SegmentAnalyzer(settings);
        var metrics = getRuntimeContext().getMetricGroup();
        framesDecoded = metrics.counter("framesDecoded");
        segmentsAnalysed = metrics.counter("segmentsAnalysed");
        metrics.gauge("xRealtime", () -> lastRealtimeFactor);
        metrics.gauge("framesPerSecond", () -> lastFramesPerSecond);
    }

    @Override
    public void processElement(SegmentTask task, Context ctx, Collector<SegmentAnalysis> out) {
        long begin = System.nanoTime();
        try {
            Path video = LocalMediaCache.localCopy(task.getSourceUri());
            Path audio =
                    task.getAudioUri() == null
                            ? null
                            : LocalMediaCache.localCopy(task.getAudioUri());
            String transcriptUri = task.getOptions().getTranscriptUri();
            SidecarTranscript transcript =
                    transcriptUri == null
                            ? null
                            : SidecarTranscript.read(LocalMediaCache.localCopy(transcriptUri));
            SegmentAnalysis analysis = analyzer.analyse(task, video, audio, transcript);
            FaultInjection.at(FaultInjection.Site.ANALYSIS, getRuntimeContext());
            framesDecoded.inc(analysis.getFramesDecoded());
            segmentsAnalysed.inc();
            double seconds = (System.nanoTime() - begin) / 1e9;
            lastRealtimeFactor =
                    (task.getEndUs() - task.getStartUs()) / 1e6 / Math.max(1e-6, seconds);
            lastFramesPerSecond = analysis.getFramesDecoded() / Math.max(1e-6, seconds);
            out.collect(analysis);
            // per segment, for progress where the video's assembly comes only after all of them
            // (batch mode); the streaming job reports from the assembly and leaves this unused
            ctx.output(
                    Outputs.STATUS,
                    Outputs.status(
                            task.getVideoId(),
                            task.getTenantId(),
                            io.clipstream.schemas.Stage.ANALYSIS,
                            io.clipstream.schemas.State.RUNNING,
                            (task.getSegmentIndex() + 1) / (float) task.getSegmentCount(),
                            SEGMENT_DONE
                                    + (task.getSegmentIndex() + 1)
                                    + " of "
                                    + task.getSegmentCount()));
        } catch (FaultInjection.InjectedFault e) {
            throw e;
        } catch (Exception e) {
            LOG.warn("Segment {} of {} failed", task.getSegmentIndex(), task.getVideoId(), e);
            out.collect(failed(task, e.getMessage() == null ? e.toString() : e.getMessage()));
        }
    }

    @Override
    public void close() {
        if (analyzer != null) {
            analyzer.close();
        }
    }

    static SegmentAnalysis failed(SegmentTask task, String reason) {
        return SegmentAnalysis.newBuilder()
                .setVideoId(task.getVideoId())
                .setTenantId(task.getTenantId())
                .setSourceUri(task.getSourceUri())
                .setSegmentIndex(task.getSegmentIndex())
                .setSegmentCount(task.getSegmentCount())
                .setStartUs(task.getStartUs())
                .setEndUs(task.getEndUs())
                .setStream(task.getStream())
                .setOptions(task.getOptions())
                .setShotBoundaries(List.of())
                .setAudioWindows(List.of())
                .setFailure(
                        "segment " + task.getSegmentIndex() + " could not be analysed: " + reason)
                .setRequestedAt(task.getRequestedAt())
                .build();
    }
}
