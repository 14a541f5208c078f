package io.clipstream.operators.media;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_AAC;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ShortBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameRecorder;

/**
 * Generates test and demo videos whose ground truth is known by construction: shots of distinct
 * colour with a moving object (cuts where a shot begins), and speech-like audio (voiced harmonics
 * with syllable-rate modulation) in given spans over a faint noise floor.
 */
public final class SyntheticVideo {
    static {
        FFmpegLogging.quiet();
    }

    /** A shot: length in frames and its background colour (B, G, R). */
    public record Shot(int frames, int b, int g, int r) {}

    /** A voiced span in seconds, with a level in dBFS and a pitch. */
    public record Voice(double start, double end, double levelDb, double pitchHz) {}

    /** What to generate. */
    public record Spec(
            int width,
            int height,
            double fps,
            int gop,
            List<Shot> shots,
            List<Voice> voices,
            boolean audio) {
        public int frameCount() {
            return shots.stream().mapToInt(Shot::frames).sum();
        }
    }

    /**
     * How the video is stored: container, codecs, pixel format, and the properties real uploads
     * vary in (interlacing, display rotation, variable frame rate, the index at the front or the
     * end). {@link #DEFAULT} is H.264 (openh264) and AAC in a faststart MP4.
     *
     * @param vfr when set, every third frame interval is doubled (frames are dropped from a
     *     constant-rate grid), so frame times are irregular
     */
    public record Encoding(
            String format,
            String videoCodec,
            int pixelFormat,
            String audioCodec,
            boolean interlaced,
            int displayRotation,
            boolean vfr,
            boolean faststart) {
        public static final Encoding DEFAULT =
                new Encoding(
                        "mp4", "libopenh264", AV_PIX_FMT_YUV420P, "aac", false, 0, false, true);

        public Encoding {
            if (interlaced && !videoCodec.startsWith("mpeg2")) {
                throw new IllegalArgumentException("interlaced coding needs mpeg2video");
            }
        }

        /** Progressive, unrotated, constant-rate, the index where the muxer puts it. */
        public static Encoding of(
                String format, String videoCodec, int pixelFormat, String audioCodec) {
            return new Encoding(
                    format, videoCodec, pixelFormat, audioCodec, false, 0, false, false);
        }

        public Encoding interlace() {
            return new Encoding(
                    format,
                    videoCodec,
                    pixelFormat,
                    audioCodec,
                    true,
                    displayRotation,
                    vfr,
                    faststart);
        }

        public Encoding rotate(int degrees) {
            return new Encoding(
                    format,
                    videoCodec,
                    pixelFormat,
                    audioCodec,
                    interlaced,
                    degrees,
                    vfr,
                    faststart);
        }

        public Encoding variableRate() {
            return new Encoding(
                    format,
                    videoCodec,
                    pixelFormat,
                    audioCodec,
                    interlaced,
                    displayRotation,
                    true,
                    faststart);
        }

        public Encoding indexFirst(boolean first) {
            return new Encoding(
                    format,
                    videoCodec,
                    pixelFormat,
                    audioCodec,
                    interlaced,
                    displayRotation,
                    vfr,
                    first);
        }
    }

    /** Ground truth: the frame numbers at which a new shot begins. */
    public record Truth(List<Integer> cutFrames, int frameCount) {}

    private static final int SAMPLE_RATE = 44_100;

    private SyntheticVideo() {}

    public static Truth write(Spec spec, Path out) throws IOException {
        return write(spec, Encoding.DEFAULT, null, out);
    }

    /**
     * Writes the video with a recorded speech track (16 kHz mono) instead of the spec's synthetic
     * voices; the track is cut or padded with silence to the video's length.
     */
    public static Truth write(Spec spec, short[] speech16k, Path out) throws IOException {
        return write(spec, Encoding.DEFAULT, speech16k, out);
    }

    /** Writes the video in the given encoding, with the spec's synthetic voices. */
    public static Truth write(Spec spec, Encoding encoding, Path out) throws IOException {
        return write(spec, encoding, null, out);
    }

    private static Truth write(Spec spec, Encoding encoding, short[] speech16k, Path out)
            throws IOException {
        List<Integer> cuts = new ArrayList<>();
        int[] shotOf = new int[spec.frameCount()];
        int frame = 0;
        for (int s = 0; s < spec.shots().size(); s++) {
            if (s > 0) {
                cuts.add(frame);
            }
            for (int i = 0; i < spec.shots().get(s).frames(); i++) {
                shotOf[frame++] = s;
            }
        }
        try (FFmpegFrameRecorder recorder =
                new FFmpegFrameRecorder(
                        out.toFile(), spec.width(), spec.height(), spec.audio() ? 1 : 0)) {
            int sampleRate = speech16k == null ? SAMPLE_RATE : 16_000;
            configure(recorder, spec, encoding, sampleRate);
            recorder.start();
            Frame image = new Frame(spec.width(), spec.height(), Frame.DEPTH_UBYTE, 3);
            byte[] bgr = new byte[spec.width() * spec.height() * 3];
            Random noise = new Random(7);
            long samplesWritten = 0;
            for (int f = 0; f < shotOf.length; f++) {
                paint(image, bgr, spec.shots().get(shotOf[f]), f, spec);
                if (encoding.vfr()) {
                    recorder.setFrameNumber((int) vfrSlot(f));
                }
                recorder.record(image, AV_PIX_FMT_BGR24);
                if (spec.audio()) {
                    long until = Math.round((f + 1) * sampleRate / spec.fps());
                    short[] samples =
                            speech16k == null
                                    ? audio(spec.voices(), samplesWritten, until, noise)
                                    : slice(speech16k, samplesWritten, until);
                    recorder.recordSamples(sampleRate, 1, ShortBuffer.wrap(samples));
                    samplesWritten = until;
                }
            }
            recorder.stop();
        } catch (FrameRecorder.Exception e) {
            throw new IOException(
                    "Could not write synthetic video " + out + ": " + e.getMessage(), e);
        }
        return new Truth(cuts, spec.frameCount());
    }

    private static void configure(
            FFmpegFrameRecorder recorder, Spec spec, Encoding encoding, int sampleRate) {
        recorder.setFormat(encoding.format());
        recorder.setVideoCodecName(encoding.videoCodec());
        recorder.setPixelFormat(encoding.pixelFormat());
        // A variable-rate file sits on a grid twice as fine as its nominal rate.
        recorder.setFrameRate(encoding.vfr() ? spec.fps() * 2 : spec.fps());
        recorder.setGopSize(spec.gop());
        recorder.setVideoBitrate(spec.width() * spec.height() * 4);
        if (encoding.faststart() && encoding.format().equals("mp4")) {
            recorder.setOption("movflags", "+faststart");
        }
        if (encoding.interlaced()) {
            recorder.setVideoOption("flags", "+ilme+ildct");
            recorder.setVideoOption("top", "1");
        }
        if (encoding.videoCodec().startsWith("libaom")) {
            recorder.setVideoOption("cpu-used", "8");
            recorder.setVideoOption("usage", "realtime");
        }
        if (encoding.displayRotation() != 0) {
            recorder.setDisplayRotation(encoding.displayRotation());
        }
        if (spec.audio()) {
            recorder.setAudioCodecName(encoding.audioCodec());
            // Opus only runs at 48 kHz; the recorder resamples the written samples.
            recorder.setSampleRate(encoding.audioCodec().contains("opus") ? 48_000 : sampleRate);
            recorder.setAudioBitrate(96_000);
        }
    }

    /**
     * The slot of frame {@code f} on the doubled grid of a variable-rate file: intervals of 1, 2
     * and 3 slots (half, one and one and a half frames), so every three frames cover the same time
     * as at the constant rate, irregularly.
     */
    static long vfrSlot(int f) {
        return (f / 3) * 6L + new int[] {0, 1, 3}[f % 3];
    }

    private static void paint(Frame image, byte[] bgr, Shot shot, int frame, Spec spec) {
        new SyntheticTimeline.Solid(shot.b(), shot.g(), shot.r())
                .render(frame, bgr, spec.width(), spec.height());
        ByteBuffer buf = (ByteBuffer) image.image[0];
        int row = spec.width() * 3;
        for (int y = 0; y < spec.height(); y++) {
            buf.position(y * image.imageStride);
            buf.put(bgr, y * row, row);
        }
        buf.rewind();
    }

    /**
     * Samples {@code [from, to)}: voiced harmonics with syllable envelopes, over noise at -65 dBFS.
     */
    static short[] audio(List<Voice> voices, long from, long to, Random noise) {
        short[] out = new short[(int) (to - from)];
        for (int i = 0; i < out.length; i++) {
            double t = (from + i) / (double) SAMPLE_RATE;
            double v = noise.nextGaussian() * 32768 * Math.pow(10, -65 / 20.0);
            for (Voice voice : voices) {
                if (t >= voice.start() && t < voice.end()) {
                    double amp = 32768 * Math.pow(10, voice.levelDb() / 20.0) * Math.sqrt(2);
                    double edge = Math.min(1, Math.min(t - voice.start(), voice.end() - t) / 0.02);
                    double syllable =
                            0.55
                                    + 0.45
                                            * Math.sin(
                                                    2 * Math.PI * 4.0 * (t - voice.start())
                                                            - Math.PI / 2);
                    double f0 = voice.pitchHz() * (1 + 0.04 * Math.sin(2 * Math.PI * 1.3 * t));
                    double tone = 0;
                    for (int k = 1; k <= 5; k++) {
                        tone += Math.sin(2 * Math.PI * f0 * k * t) / k;
                    }
                    v += amp * edge * (0.35 + 0.65 * syllable) * tone / 1.6;
                }
            }
            out[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(v)));
        }
        return out;
    }

    private static short[] slice(short[] track, long from, long to) {
        short[] out = new short[(int) (to - from)];
        if (from < track.length) {
            System.arraycopy(
                    track, (int) from, out, 0, (int) Math.min(out.length, track.length - from));
        }
        return out;
    }

    /** An audio-only MP4 (AAC) of speech-like sound, for rejection tests and fixtures. */
    public static void writeAudioOnly(Path out, double seconds) throws IOException {
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(out.toFile(), 1)) {
            recorder.setFormat("mp4");
            recorder.setAudioCodec(AV_CODEC_ID_AAC);
            recorder.setSampleRate(SAMPLE_RATE);
            recorder.setAudioBitrate(64_000);
            recorder.start();
            long total = Math.round(seconds * SAMPLE_RATE);
            recorder.recordSamples(
                    SAMPLE_RATE,
                    1,
                    ShortBuffer.wrap(
                            audio(
                                    List.of(new Voice(0.2, seconds - 0.2, -20, 150)),
                                    0,
                                    total,
                                    new Random(3))));
            recorder.stop();
        } catch (FrameRecorder.Exception e) {
            throw new IOException("Could not write " + out + ": " + e.getMessage(), e);
        }
    }

    /**
     * The demo talk: 60 s at 30 fps with nine shots and speech in sentences separated by pauses,
     * one passage louder than the rest.
     */
    public static Spec demo() {
        return demo(60);
    }

    /** The demo's nine shots stretched over {@code seconds}, with its synthetic voices. */
    public static Spec demo(double seconds) {
        Spec base = demo60();
        double scale = seconds / (base.frameCount() / base.fps());
        List<Shot> shots = new ArrayList<>();
        for (Shot shot : base.shots()) {
            shots.add(
                    new Shot(
                            (int) Math.round(shot.frames() * scale), shot.b(), shot.g(), shot.r()));
        }
        return new Spec(
                base.width(), base.height(), base.fps(), base.gop(), shots, base.voices(), true);
    }

    private static Spec demo60() {
        List<Shot> shots =
                List.of(
                        new Shot(150, 40, 60, 200),
                        new Shot(210, 200, 120, 30),
                        new Shot(180, 60, 180, 60),
                        new Shot(240, 30, 200, 220),
                        new Shot(150, 180, 40, 160),
                        new Shot(210, 120, 120, 120),
                        new Shot(180, 220, 200, 40),
                        new Shot(240, 90, 30, 90),
                        new Shot(240, 30, 90, 240));
        List<Voice> voices = new ArrayList<>();
        double[][] talk = {
            {0.5, 4.0, -24},
            {4.4, 9.5, -24},
            {10.6, 14.8, -23},
            {15.2, 21.0, -24},
            {22.3, 26.0, -16},
            {26.3, 31.5, -15},
            {31.8, 35.5, -16},
            {37.0, 41.0, -25},
            {41.4, 46.0, -24},
            {47.4, 52.0, -22},
            {52.3, 58.5, -23}
        };
        for (double[] s : talk) {
            voices.add(new Voice(s[0], s[1], s[2], 140));
        }
        return new Spec(1280, 720, 30, 60, shots, voices, true);
    }
}
