package io.clipstream.operators.webhooks;

import io.clipstream.operators.kafka.AvroCodec;
import io.clipstream.schemas.ClipRendered;
import io.clipstream.schemas.DeadLetter;
import io.clipstream.schemas.JobStatus;
import io.clipstream.schemas.UploadRequested;
import org.apache.avro.specific.SpecificRecord;

/**
 * One record about a video that may lead to a webhook: its upload (which carries the callback URL),
 * a status, a rendered clip or a dead letter. The record travels as Avro bytes so the four topics
 * share one stream type. A Flink POJO.
 */
public class NotifySignal {
    /** What the record is. */
    public enum Kind {
        UPLOAD,
        STATUS,
        CLIP,
        DEAD_LETTER
    }

    public String videoId;
    public Kind kind;
    public byte[] record;

    public NotifySignal() {}

    private NotifySignal(String videoId, Kind kind, SpecificRecord record) {
        this.videoId = videoId;
        this.kind = kind;
        this.record = AvroCodec.encode(record);
    }

    public static NotifySignal of(UploadRequested upload) {
        return new NotifySignal(upload.getVideoId(), Kind.UPLOAD, upload);
    }

    public static NotifySignal of(JobStatus status) {
        return new NotifySignal(status.getVideoId(), Kind.STATUS, status);
    }

    public static NotifySignal of(ClipRendered clip) {
        return new NotifySignal(clip.getVideoId(), Kind.CLIP, clip);
    }

    public static NotifySignal of(DeadLetter letter) {
        return new NotifySignal(letter.getVideoId(), Kind.DEAD_LETTER, letter);
    }

    <T extends SpecificRecord> T decode(Class<T> type) throws java.io.IOException {
        return AvroCodec.decode(record, type);
    }
}
