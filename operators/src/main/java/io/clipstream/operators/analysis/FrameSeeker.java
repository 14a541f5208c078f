package io.clipstream.operators.analysis;

import io.clipstream.schemas.StreamFacts;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;

/**
 * Positions a grabber so that the next decoded frame is at or before a time on the clipstream
 * timeline (relative to the first video frame). Callers then skip the frames before the one they
 * want, which makes the position frame-exact whatever the container's seek precision.
 */
public final class FrameSeeker {
    /** Timestamps are exact PTS conversions; this only absorbs integer rounding. */
    public static final long TIME_TOLERANCE_US = 100;

    private FrameSeeker() {}

    /**
     * Seeks so that the next decoded frame is the keyframe at the given time (or a frame before it,
     * which the caller skips).
     */
    public static void seekToKeyframe(
            FFmpegFrameGrabber grabber, StreamFacts facts, long keyframeUs)
            throws FrameGrabber.Exception {
        if (keyframeUs <= 0) {
            return;
        }
        grabber.setVideoTimestamp(
                keyframeUs + facts.getStartPtsUs() - videoStreamStartUs(grabber, facts));
    }

    public static void seekToFrameTime(FFmpegFrameGrabber grabber, StreamFacts facts, long timeUs)
            throws FrameGrabber.Exception {
        if (timeUs <= 0) {
            return;
        }
        // Seek slightly early and to the preceding keyframe; the caller discards what is before.
        long target = Math.max(0, timeUs - Math.round(1_000_000 / facts.getFps()));
        grabber.setVideoTimestamp(
                target + facts.getStartPtsUs() - videoStreamStartUs(grabber, facts));
    }

    /** Absolute start time JavaCV adds when seeking video, in microseconds. */
    private static long videoStreamStartUs(FFmpegFrameGrabber grabber, StreamFacts facts) {
        var oc = grabber.getFormatContext();
        for (int i = 0; i < oc.nb_streams(); i++) {
            var stream = oc.streams(i);
            if (stream.codecpar().codec_type()
                    == org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO) {
                if (stream.start_time() == org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE) {
                    return oc.start_time() == org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE
                            ? 0
                            : oc.start_time();
                }
                return 1_000_000L
                        * stream.start_time()
                        * stream.time_base().num()
                        / stream.time_base().den();
            }
        }
        return facts.getStartPtsUs();
    }
}
