package io.clipstream.operators.media;

import io.clipstream.schemas.SegmentTask;
import io.clipstream.schemas.UploadRequested;

/**
 * One planned segment: frames {@code [startFrame, endFrame)}, starting on a keyframe.
 *
 * @param startUs presentation time of the first frame
 * @param endUs presentation time of the next segment's first frame, or the video's end
 * @param decodeFromFrame the keyframe decoding starts at, so the first frames have look-back
 * @param decodeFromUs presentation time of {@code decodeFromFrame}
 */
public record SegmentPlan(
        int index,
        long startFrame,
        long endFrame,
        long startUs,
        long endUs,
        long decodeFromFrame,
        long decodeFromUs) {
    /** A segment that needs no look-back before its first frame. */
    public SegmentPlan(int index, long startFrame, long endFrame, long startUs, long endUs) {
        this(index, startFrame, endFrame, startUs, endUs, startFrame, startUs);
    }

    /** The task that asks for this segment of an upload to be analysed. */
    public SegmentTask toTask(
            UploadRequested upload, String audioUri, int segmentCount, ProbeResult probe) {
        return SegmentTask.newBuilder()
                .setVideoId(upload.getVideoId())
                .setTenantId(upload.getTenantId())
                .setSourceUri(upload.getSourceUri())
                .setAudioUri(audioUri)
                .setSegmentIndex(index)
                .setSegmentCount(segmentCount)
                .setStartUs(startUs)
                .setEndUs(endUs)
                .setStartFrame(startFrame)
                .setEndFrame(endFrame)
                .setDecodeFromFrame(decodeFromFrame)
                .setDecodeFromUs(decodeFromUs)
                .setFrameTimesUs(probe.frameTimes(decodeFromFrame, endFrame))
                .setStream(probe.facts())
                .setOptions(upload.getOptions())
                .setRequestedAt(upload.getRequestedAt())
                .build();
    }
}
