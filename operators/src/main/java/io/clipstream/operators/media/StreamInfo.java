package io.clipstream.operators.media;

import org.bytedeco.javacv.FFmpegFrameGrabber;

/**
 * Bounds on how much of a file FFmpeg reads to find its streams before decoding. Without reading
 * stream info, codecs whose frame size lives in the bitstream (MPEG-4 Part 2) look empty and MPEG
 * program streams show no streams; unbounded, a hostile or damaged file could make the probe read
 * gigabytes. 5 MB and 5 s of media are FFmpeg's own defaults made explicit, enough for every format
 * in the test suite, and the cost does not grow with the file's length.
 */
public final class StreamInfo {
    /** Bytes FFmpeg may read to identify the streams. */
    public static final long PROBE_BYTES = 5_000_000;

    /** Media time FFmpeg may read to find each stream's parameters. */
    public static final long ANALYZE_US = 5_000_000;

    private StreamInfo() {}

    /** Applies the bounds to a grabber before {@code start()}. */
    public static void bound(FFmpegFrameGrabber grabber) {
        grabber.setOption("probesize", String.valueOf(PROBE_BYTES));
        grabber.setOption("analyzeduration", String.valueOf(ANALYZE_US));
    }
}
