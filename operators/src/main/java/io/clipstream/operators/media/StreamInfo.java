package io.clipstream.operators.media;

import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;

import java.nio.file.Path;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;

/**
 * How the probe opens a file, and bounds on how much of it FFmpeg reads to find its streams.
 * Without reading stream info, codecs whose frame size lives in the bitstream (MPEG-4 Part 2) look
 * empty and MPEG program streams show no streams; unbounded, a hostile or damaged file could make
 * the probe read gigabytes. 5 MB and 5 s of media are FFmpeg's own defaults made explicit, enough
 * for every format in the test suite, and the cost does not grow with the file's length.
 */
public final class StreamInfo {
    /** Bytes FFmpeg may read to identify the streams. */
    public static final long PROBE_BYTES = 5_000_000;

    /** Media time FFmpeg may read to find each stream's parameters. */
    public static final long ANALYZE_US = 5_000_000;

    private StreamInfo() {}

    /**
     * Opens a file for probing. MP4, MOV and Matroska/WebM headers normally describe every stream
     * completely, and then reading stream info (which decodes frames) is skipped; when a header
     * leaves a stream incomplete (MPEG-4 Part 2 in MP4 keeps its frame size in the bitstream), or
     * for any other container (MPEG program and transport streams declare their streams only in
     * their packets), the file is opened again with stream info read, within the bounds.
     */
    public static FFmpegFrameGrabber open(Path file) throws FrameGrabber.Exception {
        FFmpegFrameGrabber quick = grabber(file);
        try {
            quick.start(false);
            if (complete(quick.getFormatContext())) {
                return quick;
            }
        } catch (FrameGrabber.Exception e) {
            // no stream in the header (an MPEG program stream): the packets will show them
        }
        quick.close();
        FFmpegFrameGrabber full = grabber(file);
        try {
            full.start(true);
        } catch (FrameGrabber.Exception e) {
            full.close();
            throw e;
        }
        return full;
    }

    private static FFmpegFrameGrabber grabber(Path file) {
        FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile());
        bound(grabber);
        // MPEG program streams carry a PTS on some packets only; let the parser fill in the
        // others so that every frame gets its own time in the packet scan.
        grabber.setOption("fflags", "+genpts");
        return grabber;
    }

    static boolean complete(AVFormatContext oc) {
        String format = oc.iformat().name().getString();
        if (!format.contains("mp4") && !format.contains("matroska")) {
            return false; // "mov,mp4,m4a,3gp,3g2,mj2" and "matroska,webm"
        }
        boolean video = false;
        for (int i = 0; i < oc.nb_streams(); i++) {
            AVCodecParameters p = oc.streams(i).codecpar();
            if (p.codec_type() == AVMEDIA_TYPE_VIDEO) {
                if (p.width() <= 0 || p.height() <= 0 || p.format() < 0) {
                    return false;
                }
                video = true;
            } else if (p.codec_type() == AVMEDIA_TYPE_AUDIO
                    && (p.sample_rate() <= 0 || p.ch_layout().nb_channels() <= 0)) {
                return false;
            }
        }
        return video;
    }

    /** Applies the bounds to a grabber before {@code start()}. */
    public static void bound(FFmpegFrameGrabber grabber) {
        grabber.setOption("probesize", String.valueOf(PROBE_BYTES));
        grabber.setOption("analyzeduration", String.valueOf(ANALYZE_US));
    }
}
