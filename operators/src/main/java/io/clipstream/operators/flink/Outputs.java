package io.clipstream.operators.flink;

import io.clipstream.schemas.DeadLetter;
import io.clipstream.schemas.JobStatus;
import io.clipstream.schemas.ReasonCode;
import io.clipstream.schemas.ScoredSegment;
import io.clipstream.schemas.Stage;
import io.clipstream.schemas.State;
import java.time.Instant;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.OutputTag;

/** Side outputs every stage shares, and builders for their records. */
public final class Outputs {
    public static final OutputTag<JobStatus> STATUS =
            new OutputTag<>("job-status", TypeInformation.of(JobStatus.class));
    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("dead-letters", TypeInformation.of(DeadLetter.class));
    public static final OutputTag<ScoredSegment> SCORED =
            new OutputTag<>("scored-segments", TypeInformation.of(ScoredSegment.class));

    private Outputs() {}

    public static JobStatus status(
            String videoId,
            String tenantId,
            Stage stage,
            State state,
            float progress,
            String message) {
        return JobStatus.newBuilder()
                .setVideoId(videoId)
                .setTenantId(tenantId)
                .setStage(stage)
                .setState(state)
                .setProgress(progress)
                .setMessage(message)
                .setTime(Instant.now())
                .build();
    }

    public static DeadLetter deadLetter(
            String videoId,
            String tenantId,
            Stage stage,
            ReasonCode reason,
            String message,
            SpecificRecord original) {
        return DeadLetter.newBuilder()
                .setVideoId(videoId == null ? "" : videoId)
                .setTenantId(tenantId == null ? "" : tenantId)
                .setStage(stage)
                .setReason(reason)
                .setMessage(message)
                .setOriginalSchema(original.getSchema().getFullName())
                .setOriginalRecord(
                        java.nio.ByteBuffer.wrap(
                                io.clipstream.operators.kafka.AvroCodec.encode(original)))
                .setTime(Instant.now())
                .build();
    }
}
