package io.clipstream.operators.media;

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
}
