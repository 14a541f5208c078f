package io.clipstream.operators.webhooks;

import io.clipstream.schemas.ClipRendered;
import io.clipstream.schemas.DeadLetter;
import io.clipstream.schemas.JobStatus;
import io.clipstream.schemas.Stage;
import io.clipstream.schemas.State;
import io.clipstream.schemas.UploadRequested;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Decides a video's webhooks, keyed by videoId: a {@code progress} when ingest and analysis
 * succeed, then exactly one of {@code completed} (every planned clip rendered, or none planned) or
 * {@code failed} (the first dead letter, or a failed status no dead letter follows). Records that
 * arrive before the upload that names the callback are held until it comes; a video without a
 * callback is ignored. State is cleared a retention period after the video was first seen.
 */
public class WebhookEventFunction
        extends KeyedProcessFunction<String, NotifySignal, WebhookRequest> {
    static final long FAILED_STATUS_GRACE_MS = 10_000;
    private static final int MAX_HELD = 10_000;

    private final long retentionMs;

    private transient ValueState<String> callback;
    private transient ValueState<Boolean> ended;
    private transient ValueState<Long> cleanupAt;
    private transient ValueState<byte[]> failedStatus;
    private transient MapState<String, byte[]> clips;
    private transient MapState<String, Boolean> progressSent;
    private transient ListState<NotifySignal> held;

    public WebhookEventFunction(long retentionMs) {
        this.retentionMs = retentionMs;
    }

    @Override
    public void open(OpenContext context) {
        callback =
                getRuntimeContext().getState(new ValueStateDescriptor<>("callback", Types.STRING));
        ended = getRuntimeContext().getState(new ValueStateDescriptor<>("ended", Types.BOOLEAN));
        cleanupAt =
                getRuntimeContext().getState(new ValueStateDescriptor<>("cleanup-at", Types.LONG));
        failedStatus =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "failed-status",
                                        PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        clips =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "clips",
                                        Types.STRING,
                                        PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        progressSent =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "progress-sent", Types.STRING, Types.BOOLEAN));
        held =
                getRuntimeContext()
                        .getListState(
                                new ListStateDescriptor<>("held", Types.POJO(NotifySignal.class)));
    }

    @Override
    public void processElement(NotifySignal signal, Context ctx, Collector<WebhookRequest> out)
            throws Exception {
        if (cleanupAt.value() == null) {
            long at = ctx.timerService().currentProcessingTime() + retentionMs;
            cleanupAt.update(at);
            ctx.timerService().registerProcessingTimeTimer(at);
        }
        if (Boolean.TRUE.equals(ended.value())) {
            return;
        }
        if (signal.kind == NotifySignal.Kind.UPLOAD) {
            UploadRequested upload = signal.decode(UploadRequested.class);
            String url = upload.getCallbackUrl();
            callback.update(url == null || url.isBlank() ? "" : url.trim());
            List<NotifySignal> waiting = new ArrayList<>();
            held.get().forEach(waiting::add);
            held.clear();
            for (NotifySignal earlier : waiting) {
                handle(earlier, ctx, out);
            }
            return;
        }
        if (callback.value() == null) {
            if (countHeld() < MAX_HELD) {
                held.add(signal);
            }
            return;
        }
        handle(signal, ctx, out);
    }

    private void handle(NotifySignal signal, Context ctx, Collector<WebhookRequest> out)
            throws Exception {
        String url = callback.value();
        if (url.isEmpty() || Boolean.TRUE.equals(ended.value())) {
            return;
        }
        switch (signal.kind) {
            case STATUS -> onStatus(url, signal.decode(JobStatus.class), ctx, out);
            case CLIP -> {
                ClipRendered clip = signal.decode(ClipRendered.class);
                clips.put(clip.getClipId(), signal.record);
                if (clipCount() >= clip.getClipCount()) {
                    complete(url, clip.getVideoId(), clip.getTenantId(), Instant.EPOCH, out);
                }
            }
            case DEAD_LETTER -> {
                DeadLetter letter = signal.decode(DeadLetter.class);
                if (letter.getStage() != Stage.NOTIFY) {
                    end(WebhookEvents.failed(url, letter), out);
                }
            }
            default -> {}
        }
    }

    private void onStatus(String url, JobStatus status, Context ctx, Collector<WebhookRequest> out)
            throws Exception {
        if (status.getStage() == Stage.NOTIFY) {
            return; // our own delivery reports, read back from job-status
        }
        if (status.getState() == State.FAILED) {
            if (failedStatus.value() == null) {
                // the dead letter that says why is committed with it; give it a moment to arrive
                failedStatus.update(io.clipstream.operators.kafka.AvroCodec.encode(status));
                ctx.timerService()
                        .registerProcessingTimeTimer(
                                ctx.timerService().currentProcessingTime()
                                        + FAILED_STATUS_GRACE_MS);
            }
            return;
        }
        if (status.getState() != State.SUCCEEDED) {
            return;
        }
        String stage = status.getStage().name();
        if (status.getStage() != Stage.RENDER && !progressSent.contains(stage)) {
            progressSent.put(stage, true);
            out.collect(WebhookEvents.progress(url, status));
        }
        if (status.getStage() == Stage.ANALYSIS
                && status.getClipCount() != null
                && status.getClipCount() == 0) {
            complete(url, status.getVideoId(), status.getTenantId(), status.getTime(), out);
        }
    }

    /** Sends completed with the clips collected; its time is the last clip's, else {@code at}. */
    private void complete(
            String url, String videoId, String tenantId, Instant at, Collector<WebhookRequest> out)
            throws Exception {
        List<ClipRendered> rendered = new ArrayList<>();
        Instant last = at;
        for (byte[] bytes : clips.values()) {
            ClipRendered clip =
                    io.clipstream.operators.kafka.AvroCodec.decode(bytes, ClipRendered.class);
            rendered.add(clip);
            last = clip.getRenderedAt().isAfter(last) ? clip.getRenderedAt() : last;
        }
        end(WebhookEvents.completed(url, videoId, tenantId, rendered, last), out);
    }

    private void end(WebhookRequest request, Collector<WebhookRequest> out) throws Exception {
        ended.update(true);
        clips.clear();
        progressSent.clear();
        failedStatus.clear();
        held.clear();
        out.collect(request);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<WebhookRequest> out)
            throws Exception {
        Long cleanup = cleanupAt.value();
        if (cleanup != null && timestamp >= cleanup) {
            callback.clear();
            ended.clear();
            cleanupAt.clear();
            clips.clear();
            progressSent.clear();
            failedStatus.clear();
            held.clear();
            return;
        }
        byte[] failed = failedStatus.value();
        String url = callback.value();
        if (failed != null
                && url != null
                && !url.isEmpty()
                && !Boolean.TRUE.equals(ended.value())) {
            end(
                    WebhookEvents.failed(
                            url,
                            io.clipstream.operators.kafka.AvroCodec.decode(
                                    failed, JobStatus.class)),
                    out);
        }
    }

    private int clipCount() throws Exception {
        int n = 0;
        for (String ignored : clips.keys()) {
            n++;
        }
        return n;
    }

    private int countHeld() throws Exception {
        int n = 0;
        for (NotifySignal ignored : held.get()) {
            n++;
        }
        return n;
    }
}
