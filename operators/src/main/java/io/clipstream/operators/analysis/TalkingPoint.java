package io.clipstream.operators.analysis;

/**
 * A self-contained stretch of the video that could become a clip: one or more speech spans (or
 * shots, in a video without speech) between pauses.
 *
 * @param pauseBeforeUs silence before the first span (to the previous one, or the video start)
 * @param pauseAfterUs silence after the last span
 */
public record TalkingPoint(
        int index, long startUs, long endUs, long pauseBeforeUs, long pauseAfterUs, long voicedUs) {
    public long durationUs() {
        return endUs - startUs;
    }
}
