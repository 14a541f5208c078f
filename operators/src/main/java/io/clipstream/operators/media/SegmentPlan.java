package io.clipstream.operators.media;

/**
 * One planned segment: frames {@code [startFrame, endFrame)}, starting on a keyframe.
 *
 * @param startUs presentation time of the first frame
 * @param endUs presentation time of the next segment's first frame, or the video's end
 */
public record SegmentPlan(int index, long startFrame, long endFrame, long startUs, long endUs) {}
