package io.clipstream.operators.batch;

import io.clipstream.operators.storage.TenantPaths;
import io.clipstream.schemas.ArchiveEntry;
import io.clipstream.schemas.BatchStatus;
import io.clipstream.schemas.UploadRequested;
import io.clipstream.schemas.VideoOutcome;
import io.clipstream.schemas.VideoSummary;
import java.io.IOException;
import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides, for each listed video, whether it is work: a line that did not parse fails, a second
 * listing and a video whose done marker matches this run are skipped, and anything else has its
 * earlier outputs cleared and becomes an {@link UploadRequested} for the ingest operator, exactly
 * as an upload from Kafka would be. The decision also goes to the video's outcome as its plan.
 */
public class ArchivePlanFunction extends ProcessFunction<ArchiveEntry, UploadRequested> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ArchivePlanFunction.class);

    public static final OutputTag<ArchiveEvent> EVENTS =
            new OutputTag<>("archive-events", TypeInformation.of(ArchiveEvent.class));

    /**
     * @param settings what else the outputs depend on (the jobs' settings), hashed into every
     *     video's fingerprint
     * @param codeVersion {@link CodeVersion#current()}, or a version pinned by configuration
     * @param force redo every video even when its marker matches
     */
    public record Settings(
            ArchiveOutputs outputs, String settings, String codeVersion, boolean force)
            implements Serializable {}

    private final Settings settings;

    public ArchivePlanFunction(Settings settings) {
        this.settings = settings;
    }

    @Override
    public void processElement(ArchiveEntry entry, Context ctx, Collector<UploadRequested> out)
            throws IOException {
        VideoSummary.Builder summary =
                VideoSummary.newBuilder()
                        .setVideoId(entry.getVideoId())
                        .setTenantId(entry.getTenantId())
                        .setSourceUri(entry.getSourceUri())
                        .setLine(entry.getLine())
                        .setCodeVersion(settings.codeVersion())
                        .setFinishedAt(Instant.now());
        String key = entry.getVideoId();
        if (entry.getError() != null) {
            summary.setStatus(BatchStatus.FAILED)
                    .setReasonCode("INVALID_LINE")
                    .setReason(entry.getError());
        } else if (entry.getDuplicateOf() != null) {
            key = entry.getVideoId() + "@" + (entry.getLine() > 0 ? entry.getLine() : "again");
            summary.setStatus(BatchStatus.SKIPPED)
                    .setReasonCode("DUPLICATE")
                    .setReason(
                            "the same video is listed earlier ("
                                    + entry.getDuplicateOf()
                                    + "); it is processed once");
        } else {
            String fingerprint = fingerprint(entry);
            summary.setFingerprint(fingerprint);
            VideoSummary done = markerOf(entry);
            if (!settings.force() && done != null && fingerprint.equals(done.getFingerprint())) {
                done.setStatus(BatchStatus.SKIPPED);
                done.setReasonCode("ALREADY_DONE");
                done.setReason(
                        "done on "
                                + done.getFinishedAt()
                                + " with the same options and code; --force redoes it");
                done.setLine(entry.getLine());
                ctx.output(EVENTS, ArchiveEvent.plan(key, outcome(done, entry)));
                return;
            }
            if (TenantPaths.isSafeId(entry.getTenantId())) {
                settings.outputs().clear(entry.getTenantId(), entry.getVideoId());
            }
            summary.setStatus(BatchStatus.DONE); // provisional: the outcome decides
            out.collect(
                    UploadRequested.newBuilder()
                            .setVideoId(entry.getVideoId())
                            .setTenantId(entry.getTenantId())
                            .setSourceUri(entry.getSourceUri())
                            .setOptions(entry.getOptions())
                            .setRequestedAt(Instant.now())
                            .build());
        }
        ctx.output(EVENTS, ArchiveEvent.plan(key, outcome(summary.build(), entry)));
    }

    private VideoSummary markerOf(ArchiveEntry entry) {
        if (!TenantPaths.isSafeId(entry.getTenantId())) {
            return null;
        }
        VideoSummary marker =
                settings.outputs().readMarker(entry.getTenantId(), entry.getVideoId());
        if (marker != null) {
            LOG.debug("{} has a done marker ({})", entry.getVideoId(), marker.getFingerprint());
        }
        return marker;
    }

    /** Hash of everything the video's outputs depend on besides the source itself. */
    String fingerprint(ArchiveEntry entry) {
        String text =
                settings.codeVersion() + "\n" + entry.getOptions() + "\n" + settings.settings();
        return VideoIds.sha256(text).substring(0, 16);
    }

    private static VideoOutcome outcome(VideoSummary summary, ArchiveEntry entry) {
        return VideoOutcome.newBuilder()
                .setSummary(summary)
                .setModifiedAt(entry.getModifiedAt())
                .setScored(List.of())
                .setDeadLetters(List.of())
                .build();
    }
}
