package io.clipstream.operators.batch;

import io.clipstream.operators.kafka.AvroCodec;
import io.clipstream.schemas.ClipRendered;
import io.clipstream.schemas.DeadLetter;
import io.clipstream.schemas.JobStatus;
import io.clipstream.schemas.ScoredSegment;
import io.clipstream.schemas.VideoOutcome;
import org.apache.avro.specific.SpecificRecord;

/**
 * One thing a batch run learned about a listed video, on its way to the video's outcome: the plan
 * (what was decided before any work), a status, a dead letter, a scored talking point or a rendered
 * clip. The record travels as Avro bytes so the stages' records share one stream type. A Flink
 * POJO: public fields and a no-argument constructor.
 */
public class ArchiveEvent {
    /** What the record is. */
    public enum Kind {
        PLAN,
        STATUS,
        DEAD_LETTER,
        SCORED,
        CLIP
    }

    /** The listed video's key: its videoId, or a key of its own for a duplicate listing. */
    public String key;

    public Kind kind;
    public byte[] record;

    public ArchiveEvent() {}

    ArchiveEvent(String key, Kind kind, SpecificRecord record) {
        this.key = key;
        this.kind = kind;
        this.record = AvroCodec.encode(record);
    }

    public static ArchiveEvent plan(String key, VideoOutcome plan) {
        return new ArchiveEvent(key, Kind.PLAN, plan);
    }

    public static ArchiveEvent of(JobStatus status) {
        return new ArchiveEvent(status.getVideoId(), Kind.STATUS, status);
    }

    public static ArchiveEvent of(DeadLetter letter) {
        return new ArchiveEvent(letter.getVideoId(), Kind.DEAD_LETTER, letter);
    }

    public static ArchiveEvent of(ScoredSegment scored) {
        return new ArchiveEvent(scored.getVideoId(), Kind.SCORED, scored);
    }

    public static ArchiveEvent of(ClipRendered clip) {
        return new ArchiveEvent(clip.getVideoId(), Kind.CLIP, clip);
    }

    <T extends SpecificRecord> T decode(Class<T> type) throws java.io.IOException {
        return AvroCodec.decode(record, type);
    }
}
