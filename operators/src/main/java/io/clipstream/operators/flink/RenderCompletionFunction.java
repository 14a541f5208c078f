package io.clipstream.operators.flink;

import io.clipstream.schemas.ClipRendered;
import io.clipstream.schemas.JobStatus;
import io.clipstream.schemas.Stage;
import io.clipstream.schemas.State;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Reports render progress per video (keyed by videoId) and one final SUCCEEDED status once every
 * planned clip is rendered. Rendered clip ids are kept until then, so a replayed clip is counted
 * once. After completion only a tombstone remains, so replays do not announce the video again; a
 * processing-time timer clears everything {@code retentionMs} after the first clip.
 */
public class RenderCompletionFunction
        extends KeyedProcessFunction<String, ClipRendered, JobStatus> {
    private static final long serialVersionUID = 1L;
    private final long retentionMs;
    private transient MapState<String, Boolean> rendered;
    private transient ValueState<Boolean> done;
    private transient ValueState<Long> cleanupAt;

    public RenderCompletionFunction(long retentionMs) {
        this.retentionMs = retentionMs;
    }

    @Override
    public void open(OpenContext openContext) {
        rendered =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "rendered-clips", Types.STRING, Types.BOOLEAN));
        done = getRuntimeContext().getState(new ValueStateDescriptor<>("done", Types.BOOLEAN));
        cleanupAt =
                getRuntimeContext().getState(new ValueStateDescriptor<>("cleanup-at", Types.LONG));
    }

    @Override
    public void processElement(ClipRendered clip, Context ctx, Collector<JobStatus> out)
            throws Exception {
        if (cleanupAt.value() == null) {
            long at = ctx.timerService().currentProcessingTime() + retentionMs;
            ctx.timerService().registerProcessingTimeTimer(at);
            cleanupAt.update(at);
        }
        if (Boolean.TRUE.equals(done.value())) {
            return;
        }
        rendered.put(clip.getClipId(), true);
        int count = 0;
        for (String ignored : rendered.keys()) {
            count++;
        }
        int expected = clip.getClipCount();
        if (count >= expected) {
            out.collect(
                    Outputs.status(
                            clip.getVideoId(),
                            clip.getTenantId(),
                            Stage.RENDER,
                            State.SUCCEEDED,
                            1f,
                            "rendered all " + expected + " clips"));
            rendered.clear();
            done.update(true);
        } else {
            out.collect(
                    Outputs.status(
                            clip.getVideoId(),
                            clip.getTenantId(),
                            Stage.RENDER,
                            State.RUNNING,
                            count / (float) expected,
                            "rendered " + count + " of " + expected + " clips"));
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<JobStatus> out) {
        rendered.clear();
        done.clear();
        cleanupAt.clear();
    }
}
