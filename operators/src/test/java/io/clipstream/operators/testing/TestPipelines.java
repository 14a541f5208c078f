package io.clipstream.operators.testing;

import io.clipstream.operators.flink.IngestFunction;
import io.clipstream.operators.flink.IngestSettings;
import io.clipstream.operators.media.MediaLimits;
import io.clipstream.operators.storage.TenantPaths;
import io.clipstream.schemas.Options;
import io.clipstream.schemas.SegmentTask;
import io.clipstream.schemas.UploadRequested;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;

/** A tenant's file:// storage in a temporary directory, and the ingest of test videos into it. */
public final class TestPipelines {
    private TestPipelines() {}

    public static TenantPaths paths(Path dir) {
        return new TenantPaths(
                dir.resolve("uploads").toUri().toString(),
                dir.resolve("work").toUri().toString(),
                dir.resolve("clips").toUri().toString());
    }

    /** Copies a video into the tenant's upload prefix and returns its URI. */
    public static String upload(Path dir, String tenant, String videoId, Path video)
            throws Exception {
        Path target =
                dir.resolve("uploads")
                        .resolve(tenant)
                        .resolve(videoId)
                        .resolve(video.getFileName().toString());
        Files.createDirectories(target.getParent());
        Files.copy(video, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return target.toUri().toString();
    }

    public static UploadRequested request(
            String videoId,
            String tenant,
            String uri,
            double minSeconds,
            double maxSeconds,
            int maxClips) {
        return UploadRequested.newBuilder()
                .setVideoId(videoId)
                .setTenantId(tenant)
                .setSourceUri(uri)
                .setOptions(
                        Options.newBuilder()
                                .setMinClipSeconds(minSeconds)
                                .setMaxClipSeconds(maxSeconds)
                                .setMaxClips(maxClips)
                                .build())
                .setRequestedAt(Instant.EPOCH)
                .build();
    }

    /** Runs the ingest function on one upload and returns its segment tasks. */
    public static List<SegmentTask> ingest(
            UploadRequested upload, TenantPaths paths, long segmentTargetUs) throws Exception {
        try (var h =
                ProcessFunctionTestHarnesses.forProcessFunction(
                        new IngestFunction(
                                new IngestSettings(paths, MediaLimits.DEFAULT, segmentTargetUs)))) {
            h.processElement(new StreamRecord<>(upload, 0));
            return h.extractOutputValues();
        }
    }
}
