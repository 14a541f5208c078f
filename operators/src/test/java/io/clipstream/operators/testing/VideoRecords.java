package io.clipstream.operators.testing;

import io.clipstream.operators.flink.Outputs;
import io.clipstream.schemas.ClipRendered;
import io.clipstream.schemas.DeadLetter;
import io.clipstream.schemas.JobStatus;
import io.clipstream.schemas.Options;
import io.clipstream.schemas.ReasonCode;
import io.clipstream.schemas.RenderedOutput;
import io.clipstream.schemas.Stage;
import io.clipstream.schemas.State;
import io.clipstream.schemas.UploadRequested;
import java.time.Instant;
import java.util.List;

/** The records a video leaves on the topics, made up with fixed times, for notification tests. */
public final class VideoRecords {
    private VideoRecords() {}

    public static UploadRequested upload(String videoId, String tenant, String callback) {
        return UploadRequested.newBuilder()
                .setVideoId(videoId)
                .setTenantId(tenant)
                .setSourceUri("s3://b/uploads/" + tenant + "/" + videoId + "/talk.mp4")
                .setOptions(Options.newBuilder().build())
                .setCallbackUrl(callback)
                .setRequestedAt(Instant.EPOCH)
                .build();
    }

    public static JobStatus status(
            String videoId, String tenant, Stage stage, State state, Integer clipCount) {
        var status = Outputs.status(videoId, tenant, stage, state, 1f, stage + " " + state);
        status.setClipCount(clipCount);
        status.setTime(Instant.ofEpochSecond(100));
        return status;
    }

    public static ClipRendered clip(String videoId, String tenant, String id, int rank, int count) {
        return ClipRendered.newBuilder()
                .setClipId(id)
                .setVideoId(videoId)
                .setTenantId(tenant)
                .setRank(rank)
                .setClipCount(count)
                .setScore(90f - rank)
                .setStartUs(rank * 1_000_000L)
                .setEndUs(rank * 1_000_000L + 30_000_000L)
                .setDurationUs(29_500_000L)
                .setTitle("Clip " + rank)
                .setOutputs(
                        List.of(
                                RenderedOutput.newBuilder()
                                        .setAspect("9:16")
                                        .setUri(
                                                "s3://b/clips/"
                                                        + tenant
                                                        + "/"
                                                        + videoId
                                                        + "/"
                                                        + id
                                                        + "-9x16.mp4")
                                        .setWidth(1080)
                                        .setHeight(1920)
                                        .setLoudnessLufs(-14f)
                                        .setDurationUs(29_500_000L)
                                        .setFrameCount(885)
                                        .setBytes(1000)
                                        .setSha256("00")
                                        .build()))
                .setRenderedAt(Instant.ofEpochSecond(200 + rank))
                .build();
    }

    public static DeadLetter deadLetter(
            String videoId, String tenant, Stage stage, ReasonCode reason) {
        DeadLetter letter =
                Outputs.deadLetter(
                        videoId,
                        tenant,
                        stage,
                        reason,
                        "it broke",
                        Outputs.status(videoId, tenant, stage, State.FAILED, 0f, "x"));
        letter.setTime(Instant.ofEpochSecond(150));
        return letter;
    }
}
