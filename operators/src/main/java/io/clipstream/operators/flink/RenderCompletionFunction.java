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

    private final io.clipstream.operators.storage.TenantPaths paths;
    private transient MapState<String, byte[]> records;

    public RenderCompletionFunction(long retentionMs) {
        this(retentionMs, null);
    }

    /**
     * @param paths where each finished video's report is written (beside its clips), and where its
     *     timeline is read from; null writes no report
     */
    public RenderCompletionFunction(
            long retentionMs, io.clipstream.operators.storage.TenantPaths paths) {
        this.retentionMs = retentionMs;
        this.paths = paths;
    }

    @Override
    public void open(OpenContext openContext) {
        rendered =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "rendered-clips", Types.STRING, Types.BOOLEAN));
        done = getRuntimeContext().getState(new ValueStateDescriptor<>("done", Types.BOOLEAN));
        records =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "rendered-records",
                                        Types.STRING,
                                        org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo
                                                .BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
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
        if (paths != null) {
            records.put(clip.getClipId(), io.clipstream.operators.kafka.AvroCodec.encode(clip));
        }
        int count = 0;
        for (String ignored : rendered.keys()) {
            count++;
        }
        int expected = clip.getClipCount();
        if (count >= expected) {
            String report = paths == null ? null : writeReport(clip);
            out.collect(
                    Outputs.status(
                            clip.getVideoId(),
                            clip.getTenantId(),
                            Stage.RENDER,
                            State.SUCCEEDED,
                            1f,
                            "rendered all "
                                    + expected
                                    + " clips"
                                    + (report == null ? "" : "; report " + report)));
            rendered.clear();
            records.clear();
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

    /**
     * Writes the video's report beside its clips; returns its URI, or null when it could not be
     * written (the clips are what was asked for: a missing report is logged, not a failure).
     */
    private String writeReport(ClipRendered any) {
        String tenant = any.getTenantId();
        String video = any.getVideoId();
        String uri = paths.videoFileUri(tenant, video, "report.html");
        try {
            java.util.List<ClipRendered> clips = new java.util.ArrayList<>();
            for (byte[] b : records.values()) {
                clips.add(io.clipstream.operators.kafka.AvroCodec.decode(b, ClipRendered.class));
            }
            java.nio.file.Path json = java.nio.file.Files.createTempFile("timeline-", ".json");
            java.nio.file.Path html = java.nio.file.Files.createTempFile("report-", ".html");
            try {
                io.clipstream.operators.storage.ObjectStore.download(
                        paths.timelineUri(tenant, video), json);
                var timeline =
                        io.clipstream.operators.render.VideoReport.fromJson(
                                java.nio.file.Files.readAllBytes(json));
                String base = paths.videoFileUri(tenant, video, "");
                java.nio.file.Files.writeString(
                        html,
                        io.clipstream.operators.render.VideoReport.html(
                                timeline,
                                clips,
                                u -> u.startsWith(base) ? u.substring(base.length()) : u));
                io.clipstream.operators.storage.ObjectStore.upload(html, uri);
                return uri;
            } finally {
                java.nio.file.Files.deleteIfExists(json);
                java.nio.file.Files.deleteIfExists(html);
            }
        } catch (Exception e) {
            org.slf4j.LoggerFactory.getLogger(RenderCompletionFunction.class)
                    .warn("Could not write the report of {}", video, e);
            return null;
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<JobStatus> out) {
        rendered.clear();
        records.clear();
        done.clear();
        cleanupAt.clear();
    }
}
