package io.clipstream.operators.flink;

import io.clipstream.operators.kafka.AvroCodec;
import io.clipstream.operators.kafka.UploadMessage;
import io.clipstream.operators.storage.TenantPaths;
import io.clipstream.schemas.DeadLetter;
import io.clipstream.schemas.ReasonCode;
import io.clipstream.schemas.Stage;
import io.clipstream.schemas.State;
import io.clipstream.schemas.UploadRequested;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Decodes the uploads topic. A record that is not an {@code UploadRequested} becomes an {@code
 * INVALID_REQUEST} dead letter carrying the bytes as received and where they were (topic,
 * partition, offset), and, when its key is a usable video id, a FAILED status for that id; the job
 * goes on with the next record.
 */
public class DecodeUploads extends ProcessFunction<UploadMessage, UploadRequested> {
    private transient Counter malformed;

    @Override
    public void open(OpenContext context) {
        malformed = getRuntimeContext().getMetricGroup().counter("malformedRecords");
    }

    @Override
    public void processElement(UploadMessage message, Context ctx, Collector<UploadRequested> out) {
        String problem;
        try {
            if (message.value == null || message.value.length == 0) {
                problem = "it is empty";
            } else {
                out.collect(AvroCodec.decode(message.value, UploadRequested.class));
                return;
            }
        } catch (Exception e) {
            problem = e.getMessage() == null ? e.toString() : e.getMessage();
        }
        malformed.inc();
        String videoId = TenantPaths.isSafeId(message.key) ? message.key : "";
        String text =
                String.format(
                        "The record at %s-%d offset %d (key %s) is not an UploadRequested in Avro"
                                + " binary: %s. Nothing was processed; send the upload again as a"
                                + " valid record.",
                        message.topic,
                        message.partition,
                        message.offset,
                        message.key == null ? "none" : "'" + printable(message.key) + "'",
                        problem);
        ctx.output(
                Outputs.DEAD_LETTERS,
                DeadLetter.newBuilder()
                        .setVideoId(videoId)
                        .setTenantId("")
                        .setStage(Stage.INGEST)
                        .setReason(ReasonCode.INVALID_REQUEST)
                        .setMessage(text)
                        .setOriginalSchema(UploadRequested.getClassSchema().getFullName())
                        .setOriginalRecord(
                                ByteBuffer.wrap(
                                        message.value == null ? new byte[0] : message.value))
                        .setTime(Instant.now())
                        .build());
        if (!videoId.isEmpty()) {
            ctx.output(
                    Outputs.STATUS,
                    Outputs.status(
                            videoId,
                            "",
                            Stage.INGEST,
                            State.FAILED,
                            1f,
                            ReasonCode.INVALID_REQUEST + ": " + text));
        }
    }

    private static String printable(String key) {
        String shown = key.length() > 64 ? key.substring(0, 64) + "..." : key;
        return shown.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
