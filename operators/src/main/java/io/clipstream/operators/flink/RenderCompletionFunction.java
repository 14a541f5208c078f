package io.clipstream.operators.flink;

import io.clipstream.schemas.ClipRendered;
import io.clipstream.schemas.JobStatus;
import io.clipstream.schemas.Stage;
import io.clipstream.schemas.State;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Reports render progress per video (keyed by videoId) and a final SUCCEEDED status once every
 * planned clip is rendered. Rendered clip ids are kept until then, so a replayed clip is counted
 * once; the state is cleared when the video is complete.
 */
public class RenderCompletionFunction
        extends KeyedProcessFunction<String, ClipRendered, JobStatus> {
    private static final long serialVersionUID = 1L;
    private transient MapState<String, Boolean> rendered;

    @Override
    public void open(OpenContext openContext) {
        rendered =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "rendered-clips", Types.STRING, Types.BOOLEAN));
    }

    @Override
    public void processElement(ClipRendered clip, Context ctx, Collector<JobStatus> out)
            throws Exception {
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
}
