package io.clipstream.operators.media;

import org.bytedeco.ffmpeg.global.avutil;

/**
 * Keeps FFmpeg's own console quiet but for fatal errors: decoding errors in damaged uploads are
 * expected, concealed and reported as warnings by clipstream itself (through slf4j and the job
 * status). {@code -Dclipstream.ffmpeg.log-level=16} brings FFmpeg's error lines back.
 */
public final class FFmpegLogging {
    static {
        avutil.av_log_set_level(
                Integer.getInteger("clipstream.ffmpeg.log-level", avutil.AV_LOG_FATAL));
    }

    private FFmpegLogging() {}

    /** Loads the class, which sets the level once. */
    public static void quiet() {}
}
