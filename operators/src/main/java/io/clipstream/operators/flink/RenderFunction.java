package io.clipstream.operators.flink;

import io.clipstream.operators.render.ClipRenderer;
import io.clipstream.operators.storage.LocalMediaCache;
import io.clipstream.operators.storage.TenantPaths;
import io.clipstream.schemas.ClipPlan;
import io.clipstream.schemas.ClipRendered;
import io.clipstream.schemas.ReasonCode;
import io.clipstream.schemas.RenderedOutput;
import io.clipstream.schemas.Stage;
import io.clipstream.schemas.State;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Renders one planned clip in whichever slot it lands and reports where it was written. */
public class RenderFunction extends ProcessFunction<ClipPlan, ClipRendered> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(RenderFunction.class);

    /** Start of the status message of one rendered clip. */
    public static final String CLIP_DONE = "rendered clip ";

    private final ClipRenderer.Settings settings;
    private final TenantPaths paths;
    private transient ClipRenderer renderer;
    private transient Counter clipsRendered;
    private transient Counter deadLetters;
    private transient Counter renderMillis;
    private transient Histogram clipRenderMillis;

    public RenderFunction(ClipRenderer.Settings settings, TenantPaths paths) {
        this.settings = settings;
        this.paths = paths;
    }

    @Override
    public void open(OpenContext openContext) {
        renderer = new ClipRenderer(settings, paths);
        clipsRendered = getRuntimeContext().getMetricGroup().counter("clipsRendered");
        deadLetters = getRuntimeContext().getMetricGroup().counter("deadLetters");
        // time spent rendering, in total (its rate is the busy share) and per clip
        renderMillis = getRuntimeContext().getMetricGroup().counter("renderMillis");
        clipRenderMillis =
                getRuntimeContext()
                        .getMetricGroup()
                        .histogram("clipRenderMillis", new DescriptiveStatisticsHistogram(500));
    }

    @Override
    public void processElement(ClipPlan plan, Context ctx, Collector<ClipRendered> out) {
        try {
            long begin = System.nanoTime();
            ClipRenderer.Rendered rendered =
                    renderer.render(plan, LocalMediaCache.localCopy(plan.getSourceUri()));
            long millis = (System.nanoTime() - begin) / 1_000_000;
            FaultInjection.at(FaultInjection.Site.RENDER, getRuntimeContext());
            List<RenderedOutput> outputs = rendered.outputs();
            clipsRendered.inc();
            renderMillis.inc(millis);
            clipRenderMillis.update(millis);
            out.collect(
                    ClipRendered.newBuilder()
                            .setClipId(plan.getClipId())
                            .setVideoId(plan.getVideoId())
                            .setTenantId(plan.getTenantId())
                            .setRank(plan.getRank())
                            .setClipCount(plan.getClipCount())
                            .setScore(plan.getScore())
                            .setStartUs(plan.getStartUs())
                            .setEndUs(plan.getEndUs())
                            .setOutputs(outputs)
                            .setTitle(plan.getTitle())
                            .setDurationUs(rendered.durationUs())
                            .setThumbnailUri(
                                    outputs.isEmpty() ? null : outputs.get(0).getThumbnailUri())
                            .setSrtUri(rendered.srtUri())
                            .setVttUri(rendered.vttUri())
                            .setWarnings(rendered.warnings())
                            .setRenderedAt(Instant.now())
                            .build());
            ctx.output(
                    Outputs.STATUS,
                    Outputs.status(
                            plan.getVideoId(),
                            plan.getTenantId(),
                            Stage.RENDER,
                            State.RUNNING,
                            plan.getRank() / (float) Math.max(1, plan.getClipCount()),
                            CLIP_DONE + plan.getRank() + " of " + plan.getClipCount()));
        } catch (FaultInjection.InjectedFault e) {
            throw e;
        } catch (Exception e) {
            LOG.warn("Rendering {} of {} failed", plan.getClipId(), plan.getVideoId(), e);
            deadLetters.inc();
            String message = "clip " + plan.getRank() + " could not be rendered: " + e.getMessage();
            ctx.output(
                    Outputs.DEAD_LETTERS,
                    Outputs.deadLetter(
                            plan.getVideoId(),
                            plan.getTenantId(),
                            Stage.RENDER,
                            ReasonCode.RENDER_FAILED,
                            message,
                            plan));
            ctx.output(
                    Outputs.STATUS,
                    Outputs.status(
                            plan.getVideoId(),
                            plan.getTenantId(),
                            Stage.RENDER,
                            State.FAILED,
                            1f,
                            "RENDER_FAILED: " + message));
        }
    }
}
