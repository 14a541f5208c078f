package io.clipstream.operators.batch;

import io.clipstream.operators.flink.Outputs;
import io.clipstream.operators.storage.ObjectStore;
import io.clipstream.schemas.BatchStatus;
import io.clipstream.schemas.ClipRendered;
import io.clipstream.schemas.DeadLetter;
import io.clipstream.schemas.JobStatus;
import io.clipstream.schemas.ReasonCode;
import io.clipstream.schemas.ScoredSegment;
import io.clipstream.schemas.Stage;
import io.clipstream.schemas.State;
import io.clipstream.schemas.VideoOutcome;
import io.clipstream.schemas.VideoSummary;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Gathers everything the run learned about one listed video (keyed by the listing's key) and, when
 * its input ends, decides the video's status: DONE when every planned clip was rendered, FAILED
 * with the first dead letter's reason otherwise, or the plan's own verdict for a skipped or invalid
 * listing. The end is an event-time timer at the end of time, which fires when the key's input is
 * exhausted: per key in BATCH mode, at the end of the bounded input in STREAMING mode.
 */
public class VideoOutcomeFunction extends KeyedProcessFunction<String, ArchiveEvent, VideoOutcome> {
    private static final long serialVersionUID = 1L;

    private final ArchiveOutputs outputs;
    private transient ListState<ArchiveEvent> events;
    private transient ValueState<Boolean> timerSet;

    public VideoOutcomeFunction(ArchiveOutputs outputs) {
        this.outputs = outputs;
    }

    @Override
    public void open(OpenContext openContext) {
        events =
                getRuntimeContext()
                        .getListState(
                                new ListStateDescriptor<>(
                                        "events", TypeInformation.of(ArchiveEvent.class)));
        timerSet = getRuntimeContext().getState(new ValueStateDescriptor<>("timer", Types.BOOLEAN));
    }

    @Override
    public void processElement(ArchiveEvent event, Context ctx, Collector<VideoOutcome> out)
            throws Exception {
        events.add(event);
        if (timerSet.value() == null) {
            ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
            timerSet.update(true);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<VideoOutcome> out)
            throws Exception {
        List<ArchiveEvent> all = new ArrayList<>();
        events.get().forEach(all::add);
        events.clear();
        timerSet.clear();
        out.collect(decide(ctx.getCurrentKey(), all));
    }

    VideoOutcome decide(String key, List<ArchiveEvent> all) throws IOException {
        VideoOutcome plan = null;
        List<JobStatus> statuses = new ArrayList<>();
        List<DeadLetter> letters = new ArrayList<>();
        List<ScoredSegment> scored = new ArrayList<>();
        Map<String, ClipRendered> clips = new TreeMap<>();
        for (ArchiveEvent e : all) {
            switch (e.kind) {
                case PLAN -> plan = e.decode(VideoOutcome.class);
                case STATUS -> statuses.add(e.decode(JobStatus.class));
                case DEAD_LETTER -> letters.add(e.decode(DeadLetter.class));
                case SCORED -> scored.add(e.decode(ScoredSegment.class));
                case CLIP -> {
                    ClipRendered c = e.decode(ClipRendered.class);
                    clips.put(c.getClipId(), c);
                }
            }
        }
        if (plan == null) {
            // records of a video this run did not plan: reported, never silently kept
            VideoSummary orphan =
                    VideoSummary.newBuilder()
                            .setVideoId(key)
                            .setTenantId(tenantOf(statuses, letters))
                            .setSourceUri("")
                            .setStatus(BatchStatus.FAILED)
                            .setFinishedAt(Instant.now())
                            .build();
            plan = VideoOutcome.newBuilder().setSummary(orphan).build();
            fail(plan, letters, "INTERNAL", "results arrived for a video this run did not list");
            return plan;
        }
        VideoSummary s = plan.getSummary();
        s.setFinishedAt(Instant.now());
        if (s.getStatus() == BatchStatus.SKIPPED) {
            return plan;
        }
        if (s.getStatus() == BatchStatus.FAILED) {
            fail(plan, letters, s.getReasonCode(), s.getReason());
            return plan;
        }
        JobStatus analysed = null;
        List<String> warnings = new ArrayList<>();
        for (JobStatus st : statuses) {
            if (st.getState() == State.SUCCEEDED && st.getWarnings() != null) {
                warnings.addAll(st.getWarnings());
            }
            if (st.getStage() == Stage.ANALYSIS && st.getState() == State.SUCCEEDED) {
                analysed = st;
            }
        }
        List<ClipRendered> rendered = new ArrayList<>(clips.values());
        rendered.sort(Comparator.comparingInt(ClipRendered::getRank));
        rendered.forEach(c -> warnings.addAll(c.getWarnings()));
        s.setWarnings(new ArrayList<>(new LinkedHashSet<>(warnings)));
        if (!letters.isEmpty()) {
            letters.sort(Comparator.comparingInt(d -> d.getStage().ordinal()));
            DeadLetter first = letters.get(0);
            fail(plan, letters, first.getReason().name(), first.getMessage());
            return plan;
        }
        int expected = analysed == null ? -1 : analysed.getClipCount();
        if (expected < 0 || rendered.size() != expected) {
            fail(
                    plan,
                    letters,
                    ReasonCode.INTERNAL.name(),
                    expected < 0
                            ? "the video's analysis never finished"
                            : "rendered " + rendered.size() + " of " + expected + " clips");
            return plan;
        }
        scored.sort(Comparator.comparingLong(ScoredSegment::getStartUs));
        plan.setScored(scored);
        s.setClips(rendered);
        s.setStatus(BatchStatus.DONE);
        s.setReasonCode(null);
        s.setReason(null);
        s.setScoredCount(scored.size());
        s.setScoredUri(outputs.scoredUri(plan));
        if (!rendered.isEmpty()) {
            String report =
                    outputs.paths().videoFileUri(s.getTenantId(), s.getVideoId(), "report.html");
            s.setReportUri(ObjectStore.exists(report) ? report : null);
        }
        return plan;
    }

    /**
     * Marks the outcome FAILED; a failure no stage wrote a dead letter for (an invalid manifest
     * line, an incomplete video) gets one here, so every failed video has its dead letter file.
     */
    private static void fail(
            VideoOutcome plan, List<DeadLetter> letters, String code, String message) {
        VideoSummary s = plan.getSummary();
        s.setStatus(BatchStatus.FAILED);
        s.setReasonCode(code);
        s.setReason(message);
        List<DeadLetter> all = new ArrayList<>(letters);
        if (all.isEmpty()) {
            ReasonCode reason =
                    "INVALID_LINE".equals(code) ? ReasonCode.INVALID_REQUEST : ReasonCode.INTERNAL;
            all.add(
                    Outputs.deadLetter(
                            s.getVideoId(), s.getTenantId(), Stage.INGEST, reason, message, s));
        }
        plan.setDeadLetters(all);
        plan.setScored(List.of());
    }

    private static String tenantOf(List<JobStatus> statuses, List<DeadLetter> letters) {
        if (!statuses.isEmpty()) {
            return statuses.get(0).getTenantId();
        }
        return letters.isEmpty() ? "" : letters.get(0).getTenantId();
    }
}
