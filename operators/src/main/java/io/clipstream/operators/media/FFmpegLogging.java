package io.clipstream.operators.media;

import org.bytedeco.ffmpeg.global.avutil;

/** Keeps FFmpeg's own console output to errors; clipstream reports through slf4j instead. */
public final class FFmpegLogging {
    static {
        avutil.av_log_set_level(
                Integer.getInteger("clipstream.ffmpeg.log-level", avutil.AV_LOG_ERROR));
    }

    private FFmpegLogging() {}

    /** Loads the class, which sets the level once. */
    public static void quiet() {}
}
