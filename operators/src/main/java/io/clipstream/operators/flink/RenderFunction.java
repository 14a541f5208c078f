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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders one planned clip in whichever slot it lands and reports where it was written.
 *
 * <p>The render runs on a thread of its own, one per subtask, as an asynchronous function: the
 * task's own thread stays free, so a checkpoint barrier passes the operator at once instead of
 * queueing behind minutes of encoding. Each clip's record is then committed by the first checkpoint
 * after its render ends, not by the one after the last clip of the backlog. Plans still waiting or
 * being rendered are part of the operator's checkpointed state and are rendered again after a
 * restore; a render writes to keys fixed by the plan, so a repeated one overwrites its own files.
 */
public class RenderFunction extends RichAsyncFunction<ClipPlan, RenderOutcome> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(RenderFunction.class);

    /** Start of the status message of one rendered clip. */
    public static final String CLIP_DONE = "rendered clip ";

    private final ClipRenderer.Settings settings;
    private final TenantPaths paths;

    /** Plans one subtask accepts ahead of its render thread (part of its checkpointed state). */
    static final int QUEUE_CAPACITY = 1000;

    private transient ClipRenderer renderer;
    private transient ExecutorService worker;
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
        ClassLoader userCode = Thread.currentThread().getContextClassLoader();
        String name = "render-" + getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
        worker =
                Executors.newSingleThreadExecutor(
                        task -> {
                            Thread thread = new Thread(task, name);
                            thread.setDaemon(true);
                            thread.setContextClassLoader(userCode);
                            return thread;
                        });
        clipsRendered = getRuntimeContext().getMetricGroup().counter("clipsRendered");
        deadLetters = getRuntimeContext().getMetricGroup().counter("deadLetters");
        // time spent rendering, in total (its rate is the busy share) and per clip
        renderMillis = getRuntimeContext().getMetricGroup().counter("renderMillis");
        clipRenderMillis =
                getRuntimeContext()
                        .getMetricGroup()
                        .histogram("clipRenderMillis", new DescriptiveStatisticsHistogram(500));
    }

    /**
     * The render stage of a job: plans rendered asynchronously at the given parallelism, clips as
     * the main output, statuses and dead letters as the {@link Outputs} side outputs.
     */
    public static SingleOutputStreamOperator<ClipRendered> apply(
            DataStream<ClipPlan> plans,
            ClipRenderer.Settings settings,
            TenantPaths paths,
            int parallelism,
            String uid) {
        // no timeout: a plan may wait behind others before its render starts, and a render's
        // own failures end as dead letters
        return AsyncDataStream.unorderedWait(
                        plans,
                        new RenderFunction(settings, paths),
                        0,
                        TimeUnit.MILLISECONDS,
                        QUEUE_CAPACITY)
                .name("render clip")
                .uid(uid)
                .setParallelism(parallelism)
                .process(new Route())
                .name("route render outcomes")
                .uid(uid + "-route")
                .setParallelism(parallelism);
    }

    @Override
    public void asyncInvoke(ClipPlan plan, ResultFuture<RenderOutcome> result) {
        try {
            worker.execute(
                    () -> {
                        try {
                            result.complete(List.of(render(plan)));
                        } catch (Throwable t) {
                            result.completeExceptionally(t);
                        }
                    });
        } catch (RejectedExecutionException e) {
            // closing: the plan stays in the checkpointed queue and is rendered after a restore
            result.completeExceptionally(e);
        }
    }

    @Override
    public void close() throws Exception {
        if (worker != null) {
            // a cancelled task interrupts its render; a stalled drill site ends on interrupt
            worker.shutdownNow();
            if (!worker.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("A render was still running 30 s after the render task closed");
            }
        }
        super.close();
    }

    /** Renders one plan on the calling thread; injected faults propagate, the rest dead-letter. */
    RenderOutcome render(ClipPlan plan) {
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
            return RenderOutcome.rendered(
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
                            .build(),
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
            if (worker != null && worker.isShutdown()) {
                // the task is closing (cancelled, failed over): not the clip's fault; the plan is
                // in the checkpointed queue and is rendered again after the restore
                throw new IllegalStateException("render of " + plan.getClipId() + " stopped", e);
            }
            LOG.warn("Rendering {} of {} failed", plan.getClipId(), plan.getVideoId(), e);
            deadLetters.inc();
            String message = "clip " + plan.getRank() + " could not be rendered: " + e.getMessage();
            return RenderOutcome.failed(
                    Outputs.deadLetter(
                            plan.getVideoId(),
                            plan.getTenantId(),
                            Stage.RENDER,
                            ReasonCode.RENDER_FAILED,
                            message,
                            plan),
                    Outputs.status(
                            plan.getVideoId(),
                            plan.getTenantId(),
                            Stage.RENDER,
                            State.FAILED,
                            1f,
                            "RENDER_FAILED: " + message));
        }
    }

    /** Sends each outcome where it belongs: the clip on, its status and dead letter aside. */
    static final class Route extends ProcessFunction<RenderOutcome, ClipRendered> {
        private static final long serialVersionUID = 1L;

        @Override
        public void processElement(
                RenderOutcome outcome, Context ctx, Collector<ClipRendered> out) {
            if (outcome.clip != null) {
                out.collect(outcome.clip);
            }
            if (outcome.deadLetter != null) {
                ctx.output(Outputs.DEAD_LETTERS, outcome.deadLetter);
            }
            ctx.output(Outputs.STATUS, outcome.status);
        }
    }
}
