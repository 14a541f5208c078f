package io.clipstream.operators.media;

import io.clipstream.schemas.StreamFacts;

/**
 * What probing found: the stream facts, and the presentation times of every video frame and of the
 * keyframes, relative to the first frame.
 *
 * @param frameTimesUs sorted presentation time of each frame; index = frame number
 * @param keyframes frame numbers of the keyframes (random access points), ascending
 */
public record ProbeResult(StreamFacts facts, long[] frameTimesUs, int[] keyframes) {

    public long frameCount() {
        return frameTimesUs.length;
    }

    /** Presentation time of a frame, or the video's end for {@code frame == frameCount()}. */
    public long timeOfFrame(long frame) {
        return frame >= frameTimesUs.length ? facts.getDurationUs() : frameTimesUs[(int) frame];
    }
}
