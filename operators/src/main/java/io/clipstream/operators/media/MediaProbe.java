package io.clipstream.operators.media;

import static org.bytedeco.ffmpeg.global.avcodec.AV_FIELD_PROGRESSIVE;
import static org.bytedeco.ffmpeg.global.avcodec.AV_FIELD_UNKNOWN;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_get;

import io.clipstream.schemas.ReasonCode;
import io.clipstream.schemas.StreamFacts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionaryEntry;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/**
 * Reads a video's container and streams without decoding it all: container, codecs, frame rate,
 * size, rotation, duration, the time of every frame and the keyframes (one pass over the packets,
 * about 20 ms per minute of video), and decodes the first frame to prove the stream is decodable.
 *
 * <p>Anything that is not a complete, decodable video within the limits is rejected with a {@link
 * MediaRejectedException} whose message says what is wrong and what to do.
 */
public final class MediaProbe {
    /** A video that ends this much before its header says it should is truncated. */
    private static final long TRUNCATION_TOLERANCE_US = 1_000_000;

    static {
        FFmpegLogging.quiet();
    }

    private MediaProbe() {}

    public static ProbeResult probe(Path file, MediaLimits limits) throws MediaRejectedException {
        long size;
        try {
            size = Files.size(file);
        } catch (java.io.IOException e) {
            throw new MediaRejectedException(
                    ReasonCode.OBJECT_NOT_FOUND, "Cannot read " + file + ": " + e.getMessage(), e);
        }
        if (size > limits.maxBytes()) {
            throw new MediaRejectedException(
                    ReasonCode.TOO_LARGE,
                    String.format(
                            Locale.ROOT,
                            "The file is %d bytes; the limit is %d bytes. Upload a smaller file or raise clipstream's size limit.",
                            size,
                            limits.maxBytes()));
        }
        if (size == 0) {
            throw new MediaRejectedException(
                    ReasonCode.NOT_A_VIDEO,
                    "The file is empty (0 bytes): the upload did not finish or the wrong file was sent.");
        }
        FFmpegFrameGrabber opened;
        try {
            opened = StreamInfo.open(file);
        } catch (FrameGrabber.Exception e) {
            throw classifyOpenFailure(e, looksLikeMedia(file));
        }
        try (FFmpegFrameGrabber grabber = opened) {
            AVFormatContext oc = grabber.getFormatContext();
            int videoIndex = -1;
            int audioIndex = -1;
            int audioTracks = 0;
            for (int i = 0; i < oc.nb_streams(); i++) {
                int type = oc.streams(i).codecpar().codec_type();
                if (type == AVMEDIA_TYPE_VIDEO
                        && videoIndex < 0
                        && (oc.streams(i).disposition() & 0x400) == 0) {
                    videoIndex = i; // 0x400 = AV_DISPOSITION_ATTACHED_PIC: cover art is no video
                } else if (type == AVMEDIA_TYPE_AUDIO) {
                    audioTracks++;
                    if (audioIndex < 0) {
                        audioIndex = i;
                    }
                }
            }
            if (videoIndex < 0) {
                throw new MediaRejectedException(
                        ReasonCode.NO_VIDEO_STREAM,
                        "The file ("
                                + grabber.getFormat()
                                + ") has no video stream"
                                + (audioIndex >= 0 ? ", only audio" : "")
                                + ". clipstream clips video; upload the video file, not its audio track.");
            }
            String container = String.valueOf(grabber.getFormat());
            if (container.endsWith("_pipe") || container.equals("image2")) {
                // FFmpeg opens a picture as a one-frame video; a still is not an upload to clip
                throw new MediaRejectedException(
                        ReasonCode.NOT_A_VIDEO,
                        "The file is a still image ("
                                + grabber.getVideoCodecName()
                                + "), not a video. Upload the video file.");
            }
            AVStream video = oc.streams(videoIndex);
            int width = video.codecpar().width();
            int height = video.codecpar().height();
            if (width <= 0 || height <= 0) {
                throw new MediaRejectedException(
                        ReasonCode.CORRUPT,
                        "The video stream has no frame size; the file is probably corrupt.");
            }
            if ((long) width * height > limits.maxPixels()) {
                throw new MediaRejectedException(
                        ReasonCode.TOO_LARGE,
                        String.format(
                                Locale.ROOT,
                                "Frames are %dx%d; the limit is %d pixels. Downscale the video before uploading.",
                                width,
                                height,
                                limits.maxPixels()));
            }
            long headerDurationUs = oc.duration() == AV_NOPTS_VALUE ? -1 : oc.duration();
            if (headerDurationUs > limits.maxDurationUs()) {
                throw tooLong(headerDurationUs, limits);
            }
            FrameTimes times = scanPackets(grabber, videoIndex, video.time_base());
            if (times.count() == 0 && (times.readError() != null || headerDurationUs > 0)) {
                throw new MediaRejectedException(
                        ReasonCode.TRUNCATED,
                        String.format(
                                Locale.ROOT,
                                "The file ends before its first video frame although its header lists %.1f s of video; it was probably cut off during upload. Upload the complete file.",
                                headerDurationUs / 1e6));
            }
            if (times.count() == 0) {
                throw new MediaRejectedException(
                        ReasonCode.CORRUPT,
                        "The video stream holds no frames; the file is corrupt or truncated.");
            }
            long[] frameTimes = times.sortedTimes();
            long firstPts = frameTimes[0];
            for (int i = 0; i < frameTimes.length; i++) {
                frameTimes[i] -= firstPts;
            }
            double fps = frameRate(grabber, frameTimes);
            long frameDurationUs = Math.round(1_000_000 / fps);
            long durationUs = frameTimes[frameTimes.length - 1] + frameDurationUs;
            if (durationUs > limits.maxDurationUs()) {
                throw tooLong(durationUs, limits);
            }
            long videoStartUs =
                    video.start_time() == AV_NOPTS_VALUE
                            ? firstPts
                            : toMicros(video.start_time(), video.time_base());
            long streamDurationUs =
                    video.duration() == AV_NOPTS_VALUE || video.duration() <= 0
                            ? headerDurationUs
                            : toMicros(video.duration(), video.time_base());
            if (times.readError() != null
                    || streamDurationUs > 0
                            && durationUs + TRUNCATION_TOLERANCE_US
                                    < streamDurationUs - Math.max(0, firstPts - videoStartUs)) {
                throw new MediaRejectedException(
                        ReasonCode.TRUNCATED,
                        String.format(
                                Locale.ROOT,
                                "The file ends after %.1f s of video but its header says %.1f s%s; it was probably cut off during upload. Upload the complete file.",
                                durationUs / 1e6,
                                Math.max(streamDurationUs, durationUs) / 1e6,
                                times.readError() == null ? "" : " (" + times.readError() + ")"));
            }
            int[] keyframes = keyframeIndexes(times, frameTimes, firstPts);
            checkFirstFrameDecodes(grabber);
            StreamFacts facts =
                    StreamFacts.newBuilder()
                            .setContainer(String.valueOf(grabber.getFormat()))
                            .setVideoCodec(String.valueOf(grabber.getVideoCodecName()))
                            .setAudioCodec(audioIndex >= 0 ? grabber.getAudioCodecName() : null)
                            .setFps(fps)
                            .setWidth(width)
                            .setHeight(height)
                            .setRotation(normaliseRotation(grabber.getDisplayRotation()))
                            .setPixelAspect(
                                    grabber.getAspectRatio() > 0 ? grabber.getAspectRatio() : 1.0)
                            .setDurationUs(durationUs)
                            .setStartPtsUs(firstPts)
                            .setFrameCount(frameTimes.length)
                            .setSizeBytes(size)
                            .setAudioSampleRate(audioIndex >= 0 ? grabber.getSampleRate() : 0)
                            .setAudioChannels(audioIndex >= 0 ? grabber.getAudioChannels() : 0)
                            .setAudioTracks(audioTracks)
                            .setInterlaced(isInterlaced(video.codecpar().field_order()))
                            .build();
            return new ProbeResult(
                    facts, frameTimes, keyframes, warnings(oc, audioIndex, audioTracks));
        } catch (FrameGrabber.Exception e) {
            throw new MediaRejectedException(
                    ReasonCode.CORRUPT,
                    "The file could not be read as video: "
                            + e.getMessage()
                            + ". It is probably corrupt; re-encode or re-upload it.",
                    e);
        }
    }

    /** Field orders other than progressive and unknown mean the frames are coded as fields. */
    static boolean isInterlaced(int fieldOrder) {
        return fieldOrder != AV_FIELD_PROGRESSIVE && fieldOrder != AV_FIELD_UNKNOWN;
    }

    private static List<String> warnings(AVFormatContext oc, int audioIndex, int audioTracks) {
        List<String> out = new ArrayList<>();
        if (audioTracks == 0) {
            out.add("The video has no sound: its clips are silent and its speech is not analysed.");
        } else if (audioTracks > 1) {
            out.add(
                    String.format(
                            Locale.ROOT,
                            "The file has %d audio tracks; only the first (stream %d%s) is analysed and rendered.",
                            audioTracks,
                            audioIndex,
                            language(oc.streams(audioIndex))));
        }
        return out;
    }

    private static String language(AVStream stream) {
        AVDictionaryEntry tag = av_dict_get(stream.metadata(), "language", null, 0);
        return tag == null ? "" : ", language " + tag.value().getString();
    }

    private static MediaRejectedException tooLong(long durationUs, MediaLimits limits) {
        return new MediaRejectedException(
                ReasonCode.TOO_LONG,
                String.format(
                        Locale.ROOT,
                        "The video is %.1f s long; the limit is %.1f s. Split it or raise clipstream's duration limit.",
                        durationUs / 1e6,
                        limits.maxDurationUs() / 1e6));
    }

    /** Whether the file starts like a container FFmpeg knows, so a failure to open means damage. */
    static boolean looksLikeMedia(Path file) {
        byte[] head = new byte[12];
        try (var in = Files.newInputStream(file)) {
            if (in.readNBytes(head, 0, head.length) < head.length) {
                return false;
            }
        } catch (java.io.IOException e) {
            return false;
        }
        String ascii = new String(head, java.nio.charset.StandardCharsets.ISO_8859_1);
        return ascii.startsWith("ftyp", 4) // MP4, MOV
                || (head[0] & 0xff) == 0x1a
                        && (head[1] & 0xff) == 0x45
                        && (head[2] & 0xff) == 0xdf
                        && (head[3] & 0xff) == 0xa3 // Matroska, WebM
                || ascii.startsWith("RIFF")
                || ascii.startsWith("FLV")
                || ascii.startsWith("OggS")
                || (head[0] & 0xff) == 0x47 && file.toString().endsWith(".ts");
    }

    private static MediaRejectedException classifyOpenFailure(
            FrameGrabber.Exception e, boolean looksLikeMedia) {
        String msg = String.valueOf(e.getMessage());
        if (looksLikeMedia) {
            return new MediaRejectedException(
                    ReasonCode.CORRUPT,
                    "The file starts like a video container but FFmpeg cannot open it ("
                            + msg
                            + "). It is corrupt or was cut off before its index; re-export it and upload again.",
                    e);
        }
        if (msg.contains("-1094995529")) { // AVERROR_INVALIDDATA
            return new MediaRejectedException(
                    ReasonCode.NOT_A_VIDEO,
                    "The file is not in a video format clipstream can read (FFmpeg found no known container). Upload an MP4, MOV, MKV or WebM file.",
                    e);
        }
        return new MediaRejectedException(
                ReasonCode.CORRUPT,
                "The file could not be opened as video ("
                        + msg
                        + "). It may be corrupt, or truncated before its index; re-upload the complete file.",
                e);
    }

    /** Decodes the first video frame: a stream whose packets parse but do not decode is corrupt. */
    private static void checkFirstFrameDecodes(FFmpegFrameGrabber grabber)
            throws FrameGrabber.Exception, MediaRejectedException {
        grabber.setVideoTimestamp(0);
        for (int attempts = 0; attempts < 64; attempts++) {
            Frame frame = grabber.grabImage();
            if (frame == null) {
                break;
            }
            if (frame.image != null) {
                return;
            }
        }
        throw new MediaRejectedException(
                ReasonCode.CORRUPT,
                "No video frame could be decoded; the video stream is corrupt. Re-encode the file and upload it again.");
    }

    private static FrameTimes scanPackets(
            FFmpegFrameGrabber grabber, int videoIndex, AVRational timeBase) {
        FrameTimes times = new FrameTimes();
        while (true) {
            AVPacket packet;
            try {
                packet = grabber.grabPacket();
            } catch (FrameGrabber.Exception e) {
                times.readError = e.getMessage();
                break;
            }
            if (packet == null) {
                break;
            }
            if (packet.stream_index() == videoIndex) {
                long pts = packet.pts() != AV_NOPTS_VALUE ? packet.pts() : packet.dts();
                if (pts != AV_NOPTS_VALUE) {
                    times.add(toMicros(pts, timeBase), (packet.flags() & AV_PKT_FLAG_KEY) != 0);
                }
            }
        }
        return times;
    }

    private static int[] keyframeIndexes(FrameTimes times, long[] sortedRelative, long firstPts) {
        return times.keyTimes().stream()
                .mapToInt(t -> Arrays.binarySearch(sortedRelative, t - firstPts))
                .filter(i -> i >= 0)
                .distinct()
                .sorted()
                .toArray();
    }

    private static double frameRate(FFmpegFrameGrabber grabber, long[] times) {
        double fps = grabber.getVideoFrameRate();
        if (fps > 0 && fps < 1000) {
            return fps;
        }
        if (times.length > 1) {
            return (times.length - 1) * 1e6 / times[times.length - 1];
        }
        return 25;
    }

    static long toMicros(long pts, AVRational timeBase) {
        return 1_000_000L * pts * timeBase.num() / timeBase.den();
    }

    private static int normaliseRotation(double degrees) {
        int r = (int) Math.round(degrees) % 360;
        if (r < 0) {
            r += 360;
        }
        // FFmpeg's display matrix angle is counter-clockwise; clipstream stores clockwise rotation.
        return (360 - (int) (Math.round(r / 90.0) * 90)) % 360;
    }

    /** Video packet times in read order, with the keyframe flags. */
    private static final class FrameTimes {
        private long[] times = new long[1024];
        private int count;
        private final java.util.List<Long> keyTimes = new java.util.ArrayList<>();
        private String readError;

        void add(long timeUs, boolean key) {
            if (count == times.length) {
                times = Arrays.copyOf(times, count * 2);
            }
            times[count++] = timeUs;
            if (key) {
                keyTimes.add(timeUs);
            }
        }

        int count() {
            return count;
        }

        long[] sortedTimes() {
            long[] sorted = Arrays.copyOf(times, count);
            Arrays.sort(sorted);
            return sorted;
        }

        java.util.List<Long> keyTimes() {
            return keyTimes;
        }

        String readError() {
            return readError;
        }
    }
}
