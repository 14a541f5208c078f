package io.clipstream.operators.testing;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV422P10LE;

import io.clipstream.operators.media.SyntheticVideo;
import io.clipstream.operators.media.SyntheticVideo.Encoding;
import io.clipstream.operators.media.SyntheticVideo.Shot;
import io.clipstream.operators.media.SyntheticVideo.Voice;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * One short video in each format real uploads come in. Every sample is 6 s at 25 fps (150 frames)
 * with a hard cut at frame 75 and voice at 0.3-2.0 s and 3.0-5.0 s (the checked-in ones: a tone at
 * 0-2 s and 3-5 s). Most are written here with JavaCV's encoders; the formats it cannot encode
 * (x264 with B-frames, H.264 High 10, HEVC, two audio tracks) are tiny checked-in samples made by
 * {@code tools/make-format-samples.sh}.
 */
public final class MediaFormats {
    public static final int FRAMES = 150;
    public static final int CUT = 75;

    /** A named format: how it is made, and whether it has sound. */
    public record Format(
            String name, String file, Encoding encoding, boolean portrait, boolean audio) {
        boolean checkedIn() {
            return encoding == null;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private static final Encoding MP4 = Encoding.DEFAULT;

    public static final List<Format> ALL =
            List.of(
                    generated("H.264 (openh264), MP4", "h264.mp4", MP4),
                    generated(
                            "H.264, moov atom at the end",
                            "moov-at-end.mp4",
                            MP4.indexFirst(false)),
                    checkedIn("H.264 High with B-frames (x264)", "h264-bframes.mp4"),
                    checkedIn("H.264 High 10 (10 bit)", "h264-10bit.mp4"),
                    checkedIn("HEVC, MP4", "hevc.mp4"),
                    generated(
                            "MPEG-4 Part 2, MP4",
                            "mpeg4.mp4",
                            Encoding.of("mp4", "mpeg4", AV_PIX_FMT_YUV420P, "aac")),
                    generated(
                            "MPEG-1, program stream",
                            "mpeg1.mpg",
                            Encoding.of("mpeg", "mpeg1video", AV_PIX_FMT_YUV420P, "mp2")),
                    generated(
                            "MPEG-2, transport stream",
                            "mpeg2.ts",
                            Encoding.of("mpegts", "mpeg2video", AV_PIX_FMT_YUV420P, "mp2")),
                    generated(
                            "MPEG-2 interlaced, transport stream",
                            "interlaced.ts",
                            Encoding.of("mpegts", "mpeg2video", AV_PIX_FMT_YUV420P, "mp2")
                                    .interlace()),
                    generated(
                            "VP8, WebM",
                            "vp8.webm",
                            Encoding.of("webm", "libvpx", AV_PIX_FMT_YUV420P, "libopus")),
                    generated(
                            "VP9, Matroska",
                            "vp9.mkv",
                            Encoding.of("matroska", "libvpx-vp9", AV_PIX_FMT_YUV420P, "libopus")),
                    generated(
                            "AV1, WebM",
                            "av1.webm",
                            Encoding.of("webm", "libaom-av1", AV_PIX_FMT_YUV420P, "libopus")),
                    generated(
                            "ProRes 422, MOV",
                            "prores.mov",
                            Encoding.of("mov", "prores", AV_PIX_FMT_YUV422P10LE, "pcm_s16le")),
                    new Format("portrait 9:16", "portrait.mp4", MP4, true, true),
                    generated(
                            "rotated 90 degrees (display matrix)",
                            "rotated.mp4",
                            Encoding.of("mp4", "libopenh264", AV_PIX_FMT_YUV420P, "aac")
                                    .rotate(90)
                                    .indexFirst(true)),
                    generated(
                            "variable frame rate",
                            "vfr.mp4",
                            Encoding.of("mp4", "libopenh264", AV_PIX_FMT_YUV420P, "aac")
                                    .variableRate()
                                    .indexFirst(true)),
                    checkedIn("two audio tracks, Matroska", "two-audio-tracks.mkv"),
                    new Format("no audio", "no-audio.mp4", MP4, false, false));

    private static Path dir;

    private MediaFormats() {}

    private static Format generated(String name, String file, Encoding encoding) {
        return new Format(name, file, encoding, false, true);
    }

    private static Format checkedIn(String name, String file) {
        return new Format(name, file, null, false, true);
    }

    /** The spec every generated sample is written from. */
    public static SyntheticVideo.Spec spec(boolean portrait, boolean audio) {
        int w = portrait ? 108 : 192;
        int h = portrait ? 192 : 108;
        return new SyntheticVideo.Spec(
                w,
                h,
                25,
                25,
                List.of(new Shot(CUT, 40, 60, 200), new Shot(FRAMES - CUT, 200, 160, 40)),
                List.of(new Voice(0.3, 2.0, -20, 140), new Voice(3.0, 5.0, -20, 170)),
                audio);
    }

    /** The sample's file, written (or copied from the test resources) on first use. */
    public static synchronized Path file(Format format) {
        try {
            if (dir == null) {
                dir = Files.createTempDirectory("clipstream-formats-");
                dir.toFile().deleteOnExit();
            }
            Path out = dir.resolve(format.file());
            if (!Files.exists(out)) {
                if (format.checkedIn()) {
                    try (InputStream in =
                            MediaFormats.class.getResourceAsStream("/formats/" + format.file())) {
                        if (in == null) {
                            throw new IOException("missing test resource formats/" + format.file());
                        }
                        Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                    }
                } else {
                    SyntheticVideo.write(
                            spec(format.portrait(), format.audio()), format.encoding(), out);
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
