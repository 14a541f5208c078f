package io.clipstream.operators.media;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_AAC;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S16;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ShortBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.FrameRecorder;

/**
 * Wide shots built from real talking-head recordings, for testing and measuring the virtual camera:
 * each recording is placed on a larger canvas (off centre, moving, cut between positions, two side
 * by side taking turns, one still as a poster), its own sound playing while it speaks. The face's
 * position in every output frame is known from where the recording was placed and where the face is
 * in the recording (hand-checked for the GRID clips), so framing can be scored.
 */
public final class TalkingScenes {
    private TalkingScenes() {}

    /**
     * A talking-head recording and where its face is.
     *
     * @param faceCentreX centre of the face as a share of the recording's width
     * @param faceWidth width of the face as a share of the recording's width
     * @param speechFromS when its speech starts, seconds
     * @param speechToS when it ends
     */
    public record Head(
            Path video,
            double faceCentreX,
            double faceWidth,
            double speechFromS,
            double speechToS) {}

    /**
     * One head on the canvas during a part: the recording's centre moves linearly from {@code
     * fromX} to {@code toX} (shares of the canvas width) at height {@code y}; a speaking head plays
     * its recording and sound from the start, a still one shows its first frame.
     */
    public record Placement(
            int head, double fromX, double toX, double y, double scale, boolean speaking) {}

    /**
     * A stretch of the scene; a part with {@code cut} starts with a new background (a new shot). A
     * {@code slide} part shows a still page of text-like lines across the whole frame instead.
     */
    public record Part(double seconds, boolean cut, boolean slide, List<Placement> heads) {
        public Part(double seconds, boolean cut, List<Placement> heads) {
            this(seconds, cut, false, heads);
        }
    }

    /** A named scene; {@code stillSpeaker} when no speaker moves within a shot. */
    public record Spec(String name, List<Part> parts, boolean stillSpeaker) {}

    /**
     * The standard scenes on a 1280x720 canvas from four heads: one speaker on the right third; one
     * walking across; one cut between three positions; two side by side taking turns; a speaker
     * beside a still face (a poster); a slide.
     */
    public static List<Spec> standard() {
        return List.of(
                new Spec(
                        "off-centre",
                        List.of(
                                new Part(
                                        3,
                                        false,
                                        List.of(new Placement(0, 0.74, 0.74, 0.55, 1.3, true))),
                                new Part(
                                        3,
                                        false,
                                        List.of(new Placement(0, 0.74, 0.74, 0.55, 1.3, true)))),
                        true),
                new Spec(
                        "moving",
                        List.of(
                                new Part(
                                        6,
                                        false,
                                        List.of(new Placement(1, 0.28, 0.72, 0.55, 1.3, true)))),
                        false),
                new Spec(
                        "cuts",
                        List.of(
                                new Part(
                                        3,
                                        false,
                                        List.of(new Placement(2, 0.22, 0.22, 0.5, 1.3, true))),
                                new Part(
                                        3,
                                        true,
                                        List.of(new Placement(2, 0.78, 0.78, 0.5, 1.3, true))),
                                new Part(
                                        3,
                                        true,
                                        List.of(new Placement(2, 0.45, 0.45, 0.5, 1.3, true)))),
                        true),
                new Spec(
                        "two-speakers",
                        List.of(
                                new Part(3, false, turn(0, 3, true)),
                                new Part(3, false, turn(0, 3, false)),
                                new Part(3, false, turn(0, 3, true)),
                                new Part(3, false, turn(0, 3, false))),
                        true),
                new Spec(
                        "poster",
                        List.of(
                                new Part(
                                        3,
                                        false,
                                        List.of(
                                                new Placement(1, 0.14, 0.14, 0.4, 0.7, false),
                                                new Placement(2, 0.7, 0.7, 0.55, 1.3, true))),
                                new Part(
                                        3,
                                        false,
                                        List.of(
                                                new Placement(1, 0.14, 0.14, 0.4, 0.7, false),
                                                new Placement(2, 0.7, 0.7, 0.55, 1.3, true)))),
                        true),
                new Spec("slide", List.of(new Part(4, false, true, List.of())), true));
    }

    private static List<Placement> turn(int left, int right, boolean leftSpeaks) {
        return List.of(
                new Placement(left, 0.25, 0.25, 0.5, 1.0, leftSpeaks),
                new Placement(right, 0.75, 0.75, 0.5, 1.0, !leftSpeaks));
    }

    /** A face in one frame, canvas pixels; {@code speaking} while its words are heard. */
    public record Face(double left, double right, double top, double bottom, boolean speaking) {}

    /** What was written: frame rate, size, the first frame of every new shot, faces per frame. */
    public record Truth(
            double fps, int width, int height, List<Integer> cutFrames, List<List<Face>> faces) {}

    /** The GRID heads in the order the standard scenes use them. */
    public static final List<String> GRID_HEADS =
            List.of("grid_swwp2s.mpg", "grid_swiz3n.mpg", "grid_lwbsza.mpg", "grid_lbbc2a.mpg");

    /**
     * The GRID heads of a directory, with their faces and speech from a ground truth file whose
     * entries are named by file ({@code grid_swwp2s.mpg}) or by path ({@code
     * talking/grid_swwp2s.mpg}) and give {@code face_centre_x}, {@code face_width_frac} and either
     * {@code speech_s} or {@code words_s}.
     */
    public static List<Head> gridHeads(Path dir, Path truthJson) throws IOException {
        com.fasterxml.jackson.databind.JsonNode truth =
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(truthJson.toFile());
        List<Head> heads = new ArrayList<>();
        for (String name : GRID_HEADS) {
            com.fasterxml.jackson.databind.JsonNode t = truth.get(name);
            if (t == null) {
                t = truth.get("talking/" + name);
            }
            if (t == null) {
                throw new IOException(truthJson + " has no entry for " + name);
            }
            double from;
            double to;
            if (t.has("speech_s")) {
                from = t.get("speech_s").get(0).asDouble();
                to = t.get("speech_s").get(1).asDouble();
            } else {
                var words = t.get("words_s");
                from = words.get(0).get(1).asDouble();
                to = words.get(words.size() - 1).get(2).asDouble();
            }
            heads.add(
                    new Head(
                            dir.resolve(name),
                            t.get("face_centre_x").asDouble(),
                            t.get("face_width_frac").asDouble(),
                            from,
                            to));
        }
        return heads;
    }

    static final double FPS = 25;
    static final int SAMPLE_RATE = 16_000;

    /** Writes the scene as H.264 and AAC in MP4. */
    public static Truth write(List<Head> heads, List<Part> parts, int width, int height, Path out)
            throws IOException {
        Map<String, List<byte[]>> frames = new HashMap<>();
        Map<Integer, short[]> sounds = new HashMap<>();
        List<Integer> cuts = new ArrayList<>();
        List<List<Face>> faces = new ArrayList<>();
        try (FFmpegFrameRecorder recorder =
                new FFmpegFrameRecorder(out.toFile(), width, height, 1)) {
            recorder.setFormat("mp4");
            recorder.setVideoCodec(AV_CODEC_ID_H264);
            recorder.setVideoCodecName("libopenh264");
            recorder.setPixelFormat(AV_PIX_FMT_YUV420P);
            recorder.setFrameRate(FPS);
            recorder.setGopSize(50);
            recorder.setVideoBitrate(3_000_000);
            recorder.setAudioCodec(AV_CODEC_ID_AAC);
            recorder.setSampleRate(SAMPLE_RATE);
            recorder.setAudioChannels(1);
            recorder.setAudioBitrate(64_000);
            recorder.start();
            Frame image = new Frame(width, height, Frame.DEPTH_UBYTE, 3);
            byte[] canvas = new byte[width * height * 3];
            int frameNo = 0;
            for (int p = 0; p < parts.size(); p++) {
                Part part = parts.get(p);
                if (part.cut() && frameNo > 0) {
                    cuts.add(frameNo);
                }
                int count = (int) Math.round(part.seconds() * FPS);
                for (int k = 0; k < count; k++, frameNo++) {
                    if (part.slide()) {
                        slide(canvas, width, height);
                    } else {
                        background(canvas, width, height, p, parts);
                    }
                    List<Face> inFrame = new ArrayList<>();
                    short[] mix = new short[(int) Math.round(SAMPLE_RATE / FPS)];
                    for (Placement pl : part.heads()) {
                        Head head = heads.get(pl.head());
                        double f = count <= 1 ? 0 : (double) k / (count - 1);
                        double cx = (pl.fromX() + (pl.toX() - pl.fromX()) * f) * width;
                        double cy = pl.y() * height;
                        List<byte[]> clip = frames(frames, head, pl.scale());
                        int[] size = size(head, pl.scale());
                        int index = pl.speaking() ? k % clip.size() : 0;
                        int left = (int) Math.round(cx - size[0] / 2.0);
                        int top = (int) Math.round(cy - size[1] / 2.0);
                        paste(canvas, width, height, clip.get(index), size[0], size[1], left, top);
                        double t = index / FPS;
                        boolean speaking =
                                pl.speaking() && t >= head.speechFromS() && t < head.speechToS();
                        double fcx = left + head.faceCentreX() * size[0];
                        double fw = head.faceWidth() * size[0];
                        double fcy = top + 0.45 * size[1];
                        inFrame.add(
                                new Face(
                                        fcx - fw / 2,
                                        fcx + fw / 2,
                                        fcy - 0.65 * fw,
                                        fcy + 0.65 * fw,
                                        speaking));
                        if (pl.speaking()) {
                            short[] sound = sound(sounds, pl.head(), head);
                            int from = (int) Math.round(index * SAMPLE_RATE / FPS);
                            for (int i = 0; i < mix.length && from + i < sound.length; i++) {
                                mix[i] =
                                        (short)
                                                Math.max(
                                                        -32768,
                                                        Math.min(32767, mix[i] + sound[from + i]));
                            }
                        }
                    }
                    faces.add(inFrame);
                    ((ByteBuffer) image.image[0]).position(0);
                    for (int y = 0; y < height; y++) {
                        ((ByteBuffer) image.image[0])
                                .position(y * image.imageStride)
                                .put(canvas, y * width * 3, width * 3);
                    }
                    ((ByteBuffer) image.image[0]).position(0);
                    recorder.record(image, AV_PIX_FMT_BGR24);
                    recorder.recordSamples(SAMPLE_RATE, 1, ShortBuffer.wrap(mix));
                }
            }
            recorder.stop();
        } catch (FrameRecorder.Exception e) {
            throw new IOException("could not write scene " + out + ": " + e.getMessage(), e);
        }
        return new Truth(FPS, width, height, cuts, faces);
    }

    private static int[] size(Head head, double scale) throws IOException {
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(head.video().toFile())) {
            g.start();
            int w = (int) Math.round(g.getImageWidth() * scale) & ~1;
            int h = (int) Math.round(g.getImageHeight() * scale) & ~1;
            return new int[] {w, h};
        } catch (FrameGrabber.Exception e) {
            throw new IOException(e);
        }
    }

    private static List<byte[]> frames(Map<String, List<byte[]>> cache, Head head, double scale)
            throws IOException {
        String key = head.video() + "@" + scale;
        List<byte[]> cached = cache.get(key);
        if (cached != null) {
            return cached;
        }
        int[] size = size(head, scale);
        List<byte[]> out = new ArrayList<>();
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(head.video().toFile())) {
            g.setImageWidth(size[0]);
            g.setImageHeight(size[1]);
            g.setPixelFormat(AV_PIX_FMT_BGR24);
            g.start();
            Frame f;
            while ((f = g.grabImage()) != null) {
                byte[] bgr = new byte[size[0] * size[1] * 3];
                PackedBgr.copy(f, bgr, size[0], size[1]);
                out.add(bgr);
            }
        } catch (FrameGrabber.Exception e) {
            throw new IOException("could not read " + head.video() + ": " + e.getMessage(), e);
        }
        cache.put(key, out);
        return out;
    }

    private static short[] sound(Map<Integer, short[]> cache, int index, Head head)
            throws IOException {
        short[] cached = cache.get(index);
        if (cached != null) {
            return cached;
        }
        List<short[]> chunks = new ArrayList<>();
        int total = 0;
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(head.video().toFile())) {
            g.setSampleFormat(AV_SAMPLE_FMT_S16);
            g.setSampleRate(SAMPLE_RATE);
            g.setAudioChannels(1);
            g.start();
            Frame f;
            while ((f = g.grabSamples()) != null) {
                if (f.samples == null) {
                    continue;
                }
                ShortBuffer b = (ShortBuffer) f.samples[0];
                short[] c = new short[b.remaining()];
                b.get(c);
                chunks.add(c);
                total += c.length;
            }
        } catch (FrameGrabber.Exception e) {
            throw new IOException("could not read " + head.video() + ": " + e.getMessage(), e);
        }
        short[] all = new short[total];
        int at = 0;
        for (short[] c : chunks) {
            System.arraycopy(c, 0, all, at, c.length);
            at += c.length;
        }
        cache.put(index, all);
        return all;
    }

    /** A soft diagonal gradient with a few large shapes; its tint changes at every cut. */
    private static void background(
            byte[] canvas, int width, int height, int part, List<Part> parts) {
        int shot = 0;
        for (int p = 1; p <= part; p++) {
            if (parts.get(p).cut()) {
                shot++;
            }
        }
        int[][] tints = {{70, 60, 50}, {40, 70, 90}, {90, 50, 80}, {50, 90, 60}};
        int[] tint = tints[shot % tints.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int i = (y * width + x) * 3;
                int shade = 40 * (x + y) / (width + height);
                boolean panel = ((x / 160) + (y / 180)) % 5 == 0;
                int lift = panel ? 25 : 0;
                canvas[i] = (byte) (tint[0] + shade + lift);
                canvas[i + 1] = (byte) (tint[1] + shade + lift);
                canvas[i + 2] = (byte) (tint[2] + shade + lift);
            }
        }
    }

    /** White page, a title and rows of dark word-sized blocks across its whole width. */
    private static void slide(byte[] canvas, int width, int height) {
        java.util.Arrays.fill(canvas, (byte) 245);
        java.util.Random r = new java.util.Random(11);
        int margin = width / 20;
        for (int line = 0; line < 9; line++) {
            int top = height / 10 + line * height / 11;
            int textHeight = line == 0 ? height / 16 : height / 28;
            int x = margin;
            while (x < width - margin) {
                int word = width / 40 + r.nextInt(width / 12);
                int end = Math.min(width - margin, x + word);
                for (int y = top; y < top + textHeight; y++) {
                    for (int xx = x; xx < end; xx++) {
                        // strokes, not solid boxes: text has edges everywhere
                        if ((xx / 3 + y / 4) % 3 != 0) {
                            int i = (y * width + xx) * 3;
                            canvas[i] = 40;
                            canvas[i + 1] = 30;
                            canvas[i + 2] = 20;
                        }
                    }
                }
                x = end + width / 60;
            }
        }
    }

    private static void paste(
            byte[] canvas, int width, int height, byte[] src, int w, int h, int left, int top) {
        for (int y = 0; y < h; y++) {
            int cy = top + y;
            if (cy < 0 || cy >= height) {
                continue;
            }
            int x0 = Math.max(0, -left);
            int x1 = Math.min(w, width - left);
            if (x1 <= x0) {
                continue;
            }
            System.arraycopy(
                    src, (y * w + x0) * 3, canvas, (cy * width + left + x0) * 3, (x1 - x0) * 3);
        }
    }
}
