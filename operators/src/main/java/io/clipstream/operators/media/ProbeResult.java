package io.clipstream.operators.media;

import io.clipstream.schemas.StreamFacts;
import java.util.List;

/**
 * What probing found: the stream facts, and the presentation times of every video frame and of the
 * keyframes, relative to the first frame.
 *
 * @param frameTimesUs sorted presentation time of each frame; index = frame number
 * @param keyframes frame numbers of the keyframes (random access points), ascending
 * @param warnings what the upload is processed without (extra audio tracks, sound), for its status
 */
public record ProbeResult(
        StreamFacts facts, long[] frameTimesUs, int[] keyframes, List<String> warnings) {

    public ProbeResult(StreamFacts facts, long[] frameTimesUs, int[] keyframes) {
        this(facts, frameTimesUs, keyframes, List.of());
    }

    /** Times of frames {@code [from, to)}. */
    public List<Long> frameTimes(long from, long to) {
        List<Long> out = new java.util.ArrayList<>((int) (to - from));
        for (long f = from; f < to; f++) {
            out.add(frameTimesUs[(int) f]);
        }
        return out;
    }

    public long frameCount() {
        return frameTimesUs.length;
    }

    /** Presentation time of a frame, or the video's end for {@code frame == frameCount()}. */
    public long timeOfFrame(long frame) {
        return frame >= frameTimesUs.length ? facts.getDurationUs() : frameTimesUs[(int) frame];
    }
}
