package io.clipstream.operators.kafka;

import io.clipstream.schemas.UploadRequested;
import java.nio.charset.StandardCharsets;

/**
 * A record of the uploads topic as it arrived, before decoding: the uploads topic is where
 * customers' systems write, so a record that is not an {@code UploadRequested} must become a dead
 * letter that says so, not vanish in the deserializer. A Flink POJO.
 */
public class UploadMessage implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    public String key;
    public byte[] value;
    public String topic;
    public int partition;
    public long offset;

    public UploadMessage() {}

    public UploadMessage(String key, byte[] value, String topic, int partition, long offset) {
        this.key = key;
        this.value = value;
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
    }

    /** A well-formed upload, as a producer would send it (tests and finite sources). */
    public static UploadMessage of(UploadRequested upload) {
        return new UploadMessage(upload.getVideoId(), AvroCodec.encode(upload), "uploads", 0, -1);
    }

    static String key(byte[] key) {
        return key == null ? null : new String(key, StandardCharsets.UTF_8);
    }
}
