package io.clipstream.operators.flink;

import io.clipstream.operators.analysis.DamagedFrames;
import io.clipstream.operators.analysis.VideoAssembler;
import io.clipstream.operators.timing.StageClock;
import io.clipstream.schemas.ClipPlan;
import io.clipstream.schemas.ReasonCode;
import io.clipstream.schemas.ScoredSegment;
import io.clipstream.schemas.SegmentAnalysis;
import io.clipstream.schemas.Stage;
import io.clipstream.schemas.State;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Collects a video's segment analyses (keyed by videoId) and, once all have arrived, assembles them
 * into scored talking points and clip plans.
 *
 * <p>State per video: the segments received so far, and the deadline timer. When the video is done
 * (assembled, failed or timed out) the segments are dropped at once and a small tombstone stays
 * until the deadline, so replayed duplicates of its segments are ignored; then everything is
 * cleared.
 */
public class VideoAssemblyFunction extends KeyedProcessFunction<String, SegmentAnalysis, ClipPlan> {
    private static final long serialVersionUID = 1L;

    private final VideoAssembler.Settings settings;
    private final long segmentTimeoutMs;
    private final io.clipstream.operators.storage.TenantPaths paths;
    private transient MapState<Integer, SegmentAnalysis> segments;
    private transient ValueState<Long> deadline;
    private transient ValueState<Boolean> done;
    private transient Counter videosAssembled;
    private transient Counter deadLetters;

    public VideoAssemblyFunction(VideoAssembler.Settings settings, long segmentTimeoutMs) {
        this(settings, segmentTimeoutMs, null);
    }

    /**
     * @param paths where the video's timeline (for its report) is written; null writes none
     */
    public VideoAssemblyFunction(
            VideoAssembler.Settings settings,
            long segmentTimeoutMs,
            io.clipstream.operators.storage.TenantPaths paths) {
        this.settings = settings;
        this.segmentTimeoutMs = segmentTimeoutMs;
        this.paths = paths;
    }

    @Override
    public void open(OpenContext openContext) {
        segments =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "segments",
                                        Types.INT,
                                        TypeInformation.of(SegmentAnalysis.class)));
        deadline = getRuntimeContext().getState(new ValueStateDescriptor<>("deadline", Types.LONG));
        done = getRuntimeContext().getState(new ValueStateDescriptor<>("done", Types.BOOLEAN));
        videosAssembled = getRuntimeContext().getMetricGroup().counter("videosAssembled");
        deadLetters = getRuntimeContext().getMetricGroup().counter("deadLetters");
    }

    @Override
    public void processElement(SegmentAnalysis segment, Context ctx, Collector<ClipPlan> out)
            throws Exception {
        if (Boolean.TRUE.equals(done.value())) {
            return; // a duplicate of a segment of a finished video
        }
        if (deadline.value() == null) {
            long at = ctx.timerService().currentProcessingTime() + segmentTimeoutMs;
            ctx.timerService().registerProcessingTimeTimer(at);
            deadline.update(at);
        }
        if (segment.getFailure() != null) {
            fail(
                    ctx,
                    segment,
                    ReasonCode.ANALYSIS_FAILED,
                    segment.getFailure()
                            + ". The video may be corrupt in that part; re-encode it and upload again.");
            return;
        }
        segments.put(segment.getSegmentIndex(), segment);
        int received = count();
        int expected = segment.getSegmentCount();
        if (received < expected) {
            FaultInjection.at(FaultInjection.Site.ASSEMBLY, getRuntimeContext());
        }
        ctx.output(
                Outputs.STATUS,
                Outputs.status(
                        segment.getVideoId(),
                        segment.getTenantId(),
                        Stage.ANALYSIS,
                        State.RUNNING,
                        received / (float) expected,
                        "analysed " + received + " of " + expected + " segments"));
        if (received == expected) {
            List<SegmentAnalysis> all = new ArrayList<>();
            segments.values().forEach(all::add);
            DamagedFrames.Verdict damage = DamagedFrames.of(all);
            if (damage.corrupt()) {
                fail(ctx, segment, ReasonCode.CORRUPT, damage.message());
                return;
            }
            StageClock.Mark mark = StageClock.mark();
            VideoAssembler.Result result =
                    new VideoAssembler(settings)
                            .assemble(all, ctx.timerService().currentProcessingTime());
            StageClock.charge(StageClock.Stage.ASSEMBLY, mark);
            for (ScoredSegment scored : result.scored()) {
                ctx.output(Outputs.SCORED, scored);
            }
            writeTimeline(segment, result);
            result.plans().forEach(out::collect);
            var status =
                    Outputs.status(
                            segment.getVideoId(),
                            segment.getTenantId(),
                            Stage.ANALYSIS,
                            State.SUCCEEDED,
                            1f,
                            String.format(
                                    java.util.Locale.ROOT,
                                    "%d shots, %d speech spans, %d talking points, %d clips",
                                    result.shots().size() + 1,
                                    result.speech().size(),
                                    result.scored().size(),
                                    result.plans().size()));
            status.setClipCount(result.plans().size());
            List<String> warnings = new java.util.ArrayList<>();
            if (damage.message() != null) {
                warnings.add(damage.message());
            }
            warnings.addAll(
                    io.clipstream.operators.analysis.AudioFindings.warnings(
                            new java.util.ArrayList<>(all)));
            status.setWarnings(warnings);
            ctx.output(Outputs.STATUS, status);
            videosAssembled.inc();
            finish();
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ClipPlan> out)
            throws Exception {
        if (!Boolean.TRUE.equals(done.value())) {
            SegmentAnalysis any = segments.isEmpty() ? null : segments.values().iterator().next();
            if (any != null) {
                fail(
                        ctx,
                        any,
                        ReasonCode.SEGMENT_TIMEOUT,
                        "received "
                                + count()
                                + " of "
                                + any.getSegmentCount()
                                + " segments within "
                                + segmentTimeoutMs / 1000
                                + " s; the rest never arrived. Resubmit the upload.");
            }
        }
        segments.clear();
        deadline.clear();
        done.clear();
    }

    /** The analysis's findings for the video's report; a failure here costs only the report. */
    private void writeTimeline(SegmentAnalysis segment, VideoAssembler.Result result) {
        if (paths == null) {
            return;
        }
        String uri = paths.timelineUri(segment.getTenantId(), segment.getVideoId());
        try {
            java.nio.file.Path local = java.nio.file.Files.createTempFile("timeline-", ".json");
            try {
                java.nio.file.Files.write(
                        local,
                        io.clipstream.operators.render.VideoReport.toJson(
                                io.clipstream.operators.render.VideoReport.timeline(
                                        segment.getVideoId(),
                                        segment.getTenantId(),
                                        segment.getStream().getDurationUs(),
                                        result)));
                io.clipstream.operators.storage.ObjectStore.upload(local, uri);
            } finally {
                java.nio.file.Files.deleteIfExists(local);
            }
        } catch (java.io.IOException | RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(VideoAssemblyFunction.class)
                    .warn("Could not write the timeline of {} to {}", segment.getVideoId(), uri, e);
        }
    }

    private void fail(Context ctx, SegmentAnalysis segment, ReasonCode reason, String message)
            throws Exception {
        deadLetters.inc();
        ctx.output(
                Outputs.DEAD_LETTERS,
                Outputs.deadLetter(
                        segment.getVideoId(),
                        segment.getTenantId(),
                        Stage.ANALYSIS,
                        reason,
                        message,
                        segment));
        ctx.output(
                Outputs.STATUS,
                Outputs.status(
                        segment.getVideoId(),
                        segment.getTenantId(),
                        Stage.ANALYSIS,
                        State.FAILED,
                        1f,
                        reason + ": " + message));
        finish();
    }

    private void finish() throws Exception {
        segments.clear();
        done.update(true);
    }

    private int count() throws Exception {
        int n = 0;
        for (Integer ignored : segments.keys()) {
            n++;
        }
        return n;
    }
}
