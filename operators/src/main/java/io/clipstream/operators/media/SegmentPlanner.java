package io.clipstream.operators.media;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongPredicate;

/**
 * Splits a video into segments of about a target length that each start on a keyframe, so a decoder
 * can start each segment independently, and moves each boundary into a pause in the speech where a
 * keyframe allows it, so fewer words straddle two segments.
 */
public final class SegmentPlanner {
    private final long targetUs;
    private final int contextFrames;

    /**
     * @param contextFrames frames before each segment that its analysis must also decode; decoding
     *     starts at the last keyframe at least this far back
     */
    public SegmentPlanner(long targetUs, int contextFrames) {
        if (targetUs <= 0) {
            throw new IllegalArgumentException("segment target must be positive");
        }
        this.targetUs = targetUs;
        this.contextFrames = contextFrames;
    }

    public SegmentPlanner(long targetUs) {
        this(targetUs, 0);
    }

    /** The last keyframe at or before {@code frame - contextFrames}, or frame 0. */
    public static long decodeFrom(int[] keyframes, long frame, int contextFrames) {
        long limit = frame - contextFrames;
        long best = 0;
        for (int key : keyframes) {
            if (key <= limit) {
                best = key;
            } else {
                break;
            }
        }
        return Math.min(best, frame);
    }

    /**
     * Plans segments for the pictures alone (shot detection, no speech): as {@link #plan}, but each
     * segment after the first starts {@code contextFrames} after its keyframe, so that its decode
     * starts at that keyframe and covers only the context before the segment, rather than the whole
     * group of pictures before it as well. Where segments are cut does not change the features
     * (tested), only what is decoded twice.
     */
    public List<SegmentPlan> planPictures(ProbeResult probe) {
        List<SegmentPlan> keyed = plan(probe, t -> true);
        List<Long> starts = new ArrayList<>();
        starts.add(0L);
        for (int i = 1; i < keyed.size(); i++) {
            SegmentPlan k = keyed.get(i);
            starts.add(Math.min(k.startFrame() + contextFrames, k.endFrame() - 1));
        }
        return tile(probe, starts);
    }

    /**
     * Plans the segments.
     *
     * @param isPause whether the audio is in a pause around a time; boundaries prefer such times
     */
    public List<SegmentPlan> plan(ProbeResult probe, LongPredicate isPause) {
        long duration = probe.facts().getDurationUs();
        List<Long> starts = new ArrayList<>();
        starts.add(0L);
        int[] keyframes = probe.keyframes();
        while (true) {
            long from = probe.timeOfFrame(starts.get(starts.size() - 1));
            if (duration - from < targetUs * 3 / 2) {
                break;
            }
            int best = -1;
            double bestCost = Double.MAX_VALUE;
            for (int key : keyframes) {
                long t = probe.timeOfFrame(key);
                if (t < from + targetUs / 2) {
                    continue;
                }
                if (t > from + targetUs * 3 / 2) {
                    break;
                }
                double cost =
                        Math.abs(t - (from + targetUs)) / (double) targetUs
                                + (isPause.test(t) ? 0 : 1);
                if (cost < bestCost) {
                    bestCost = cost;
                    best = key;
                }
            }
            if (best < 0) {
                // No keyframe in the window: take the first one after it, or stop.
                for (int key : keyframes) {
                    if (probe.timeOfFrame(key) > from + targetUs * 3 / 2) {
                        best = key;
                        break;
                    }
                }
                if (best < 0 || duration - probe.timeOfFrame(best) < targetUs / 4) {
                    break;
                }
            }
            starts.add((long) best);
        }
        return tile(probe, starts);
    }

    /** Segments from each of {@code starts} to the next, the last to the end of the video. */
    private List<SegmentPlan> tile(ProbeResult probe, List<Long> starts) {
        int[] keyframes = probe.keyframes();
        List<SegmentPlan> plans = new ArrayList<>();
        for (int i = 0; i < starts.size(); i++) {
            long startFrame = starts.get(i);
            long endFrame = i + 1 < starts.size() ? starts.get(i + 1) : probe.frameCount();
            long from = decodeFrom(keyframes, startFrame, contextFrames);
            plans.add(
                    new SegmentPlan(
                            i,
                            startFrame,
                            endFrame,
                            probe.timeOfFrame(startFrame),
                            probe.timeOfFrame(endFrame),
                            from,
                            probe.timeOfFrame(from)));
        }
        return plans;
    }
}
