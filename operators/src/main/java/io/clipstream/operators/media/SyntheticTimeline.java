package io.clipstream.operators.media;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;

import io.clipstream.schemas.ShotKind;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameRecorder;

/**
 * Generates shot-detection test videos from a timeline of shots and transitions, with the true
 * boundaries known by construction: a hard cut at the first frame of a shot that follows a shot, a
 * fade at the middle of its black frames, a dissolve at its middle frame; flashes are no boundary.
 * Scenes are solid colours with a moving box, or block textures that can pan and shake.
 */
public final class SyntheticTimeline {
    static {
        FFmpegLogging.quiet();
    }

    /** Draws frame {@code t} of a scene as packed BGR. */
    public interface Scene {
        void render(int t, byte[] bgr, int width, int height);
    }

    /** A part of the timeline. */
    public sealed interface Part permits Shot, Fade, Dissolve, Flash {}

    /** A shot of a scene; the scene keeps its own clock across transitions. */
    public record Shot(Scene scene, int frames) implements Part {}

    /** Fade-out of the previous shot, black frames, fade-in of the next shot. */
    public record Fade(int outFrames, int blackFrames, int inFrames) implements Part {}

    /** Cross-dissolve from the previous shot to the next. */
    public record Dissolve(int frames) implements Part {}

    /** White frames inside a shot, which then continues. */
    public record Flash(int frames) implements Part {}

    /** A true boundary. */
    public record Boundary(int frame, ShotKind kind) {}

    /** Ground truth of a generated video. */
    public record Truth(List<Boundary> boundaries, long[] frameTimesUs) {
        public int frameCount() {
            return frameTimesUs.length;
        }
    }

    /**
     * What to generate.
     *
     * @param frameDurationsUs durations cycled through for variable frame rate, or null for
     *     constant {@code fps}
     */
    public record Spec(
            int width,
            int height,
            double fps,
            int gop,
            List<Part> parts,
            long[] frameDurationsUs,
            int rotation,
            double pixelAspect) {
        public Spec(int width, int height, double fps, int gop, List<Part> parts) {
            this(width, height, fps, gop, parts, null, 0, 1.0);
        }
    }

    private SyntheticTimeline() {}

    public static Truth write(Spec spec, Path out) throws IOException {
        boolean vfr = spec.frameDurationsUs() != null;
        List<Boundary> truth = new ArrayList<>();
        List<Long> times = new ArrayList<>();
        try (FFmpegFrameRecorder recorder =
                new FFmpegFrameRecorder(out.toFile(), spec.width(), spec.height(), 0)) {
            recorder.setFormat("mp4");
            recorder.setVideoCodec(AV_CODEC_ID_H264);
            recorder.setVideoCodecName("libopenh264");
            recorder.setPixelFormat(AV_PIX_FMT_YUV420P);
            // Variable frame rate: a millisecond time base, each frame stamped with its own time.
            recorder.setFrameRate(vfr ? 1000 : spec.fps());
            recorder.setGopSize(spec.gop());
            recorder.setVideoBitrate(
                    (int)
                            Math.min(
                                    Integer.MAX_VALUE,
                                    (long) spec.width() * spec.height() * (vfr ? 120L : 4L)));
            recorder.setOption("movflags", "+faststart");
            if (spec.rotation() != 0) {
                recorder.setDisplayRotation(spec.rotation());
            }
            if (spec.pixelAspect() != 1.0) {
                recorder.setAspectRatio(spec.pixelAspect());
            }
            recorder.start();
            Frame image = new Frame(spec.width(), spec.height(), Frame.DEPTH_UBYTE, 3);
            int row = spec.width() * 3;
            long[] clock = {0};
            FrameSink sink =
                    bgr -> {
                        int i = times.size();
                        times.add(clock[0]);
                        clock[0] +=
                                vfr
                                        ? spec.frameDurationsUs()[
                                                i % spec.frameDurationsUs().length]
                                        : Math.round((i + 1) * 1e6 / spec.fps())
                                                - Math.round(i * 1e6 / spec.fps());
                        ByteBuffer buf = (ByteBuffer) image.image[0];
                        for (int y = 0; y < spec.height(); y++) {
                            buf.position(y * image.imageStride);
                            buf.put(bgr, y * row, row);
                        }
                        buf.rewind();
                        if (vfr) {
                            recorder.setTimestamp(times.get(i));
                        }
                        recorder.record(image, AV_PIX_FMT_BGR24);
                    };
            render(spec, sink, truth);
            recorder.stop();
        } catch (FrameRecorder.Exception e) {
            throw new IOException("Could not write " + out + ": " + e.getMessage(), e);
        }
        return new Truth(truth, times.stream().mapToLong(Long::longValue).toArray());
    }

    /** Receives each rendered frame in order. */
    private interface FrameSink {
        void accept(byte[] bgr) throws FrameRecorder.Exception;
    }

    private static void render(Spec spec, FrameSink frames, List<Boundary> truth)
            throws FrameRecorder.Exception {
        int w = spec.width();
        int h = spec.height();
        int size = w * h * 3;
        int[] count = {0};
        FrameSink counted = frames;
        frames =
                f -> {
                    counted.accept(f);
                    count[0]++;
                };
        Scene current = null;
        int clock = 0; // the current scene's own time
        List<Part> parts = spec.parts();
        boolean pendingCut = false;
        for (int p = 0; p < parts.size(); p++) {
            Part part = parts.get(p);
            if (part instanceof Shot shot) {
                if (shot.scene() != current) {
                    if (pendingCut && current != null) {
                        truth.add(new Boundary(count[0], ShotKind.CUT));
                    }
                    current = shot.scene();
                    clock = 0;
                }
                for (int i = 0; i < shot.frames(); i++) {
                    byte[] f = new byte[size];
                    current.render(clock++, f, w, h);
                    frames.accept(f);
                }
                pendingCut = true;
            } else if (part instanceof Fade fade) {
                Scene next = nextScene(parts, p);
                for (int i = 0; i < fade.outFrames(); i++) {
                    byte[] f = new byte[size];
                    current.render(clock++, f, w, h);
                    scale(f, 1.0 - (i + 1.0) / (fade.outFrames() + 1));
                    frames.accept(f);
                }
                int blackStart = count[0];
                for (int i = 0; i < fade.blackFrames(); i++) {
                    frames.accept(new byte[size]);
                }
                truth.add(new Boundary((2 * blackStart + fade.blackFrames()) / 2, ShotKind.FADE));
                current = next;
                clock = 0;
                for (int i = 0; i < fade.inFrames(); i++) {
                    byte[] f = new byte[size];
                    current.render(clock++, f, w, h);
                    scale(f, (i + 1.0) / (fade.inFrames() + 1));
                    frames.accept(f);
                }
                pendingCut = false;
            } else if (part instanceof Dissolve dissolve) {
                Scene next = nextScene(parts, p);
                int start = count[0];
                int nextClock = 0;
                for (int i = 0; i < dissolve.frames(); i++) {
                    byte[] a = new byte[size];
                    byte[] b = new byte[size];
                    current.render(clock++, a, w, h);
                    next.render(nextClock++, b, w, h);
                    double alpha = (i + 1.0) / (dissolve.frames() + 1);
                    for (int k = 0; k < size; k++) {
                        a[k] =
                                (byte)
                                        Math.round(
                                                (a[k] & 0xff) * (1 - alpha)
                                                        + (b[k] & 0xff) * alpha);
                    }
                    frames.accept(a);
                }
                truth.add(new Boundary(start + dissolve.frames() / 2, ShotKind.DISSOLVE));
                current = next;
                clock = nextClock;
                pendingCut = false;
            } else if (part instanceof Flash flash) {
                for (int i = 0; i < flash.frames(); i++) {
                    byte[] f = new byte[size];
                    java.util.Arrays.fill(f, (byte) 250);
                    frames.accept(f);
                    clock++;
                }
            }
        }
    }

    private static Scene nextScene(List<Part> parts, int from) {
        for (int i = from + 1; i < parts.size(); i++) {
            if (parts.get(i) instanceof Shot s) {
                return s.scene();
            }
        }
        throw new IllegalArgumentException("a transition must be followed by a shot");
    }

    private static void scale(byte[] f, double factor) {
        for (int k = 0; k < f.length; k++) {
            f[k] = (byte) Math.round((f[k] & 0xff) * factor);
        }
    }

    /** A solid colour with a gentle gradient and a box moving 4 pixels a frame. */
    public record Solid(int b, int g, int r) implements Scene {
        @Override
        public void render(int t, byte[] bgr, int width, int height) {
            int box = Math.max(8, height / 5);
            int bx = (t * 4) % Math.max(1, width - box);
            int by = height / 2 - box / 2;
            for (int y = 0; y < height; y++) {
                int shade = y * 24 / height;
                for (int x = 0; x < width; x++) {
                    int i = (y * width + x) * 3;
                    boolean inBox = x >= bx && x < bx + box && y >= by && y < by + box;
                    bgr[i] = (byte) (inBox ? 255 - b : Math.max(0, b - shade));
                    bgr[i + 1] = (byte) (inBox ? 255 - g : Math.max(0, g - shade));
                    bgr[i + 2] = (byte) (inBox ? 255 - r : Math.max(0, r - shade));
                }
            }
        }
    }

    /**
     * Coloured blocks around a hue, seen through a window that pans ({@code panX}, {@code panY}
     * pixels a frame) and shakes (up to {@code shake} pixels, seeded). Hue in OpenCV's 0-180.
     */
    public static final class Texture implements Scene {
        private static final int SIZE = 1024;
        private final byte[] pattern = new byte[SIZE * SIZE * 3];
        private final double panX;
        private final double panY;
        private final int shake;
        private final long seed;

        public Texture(long seed, int hue, int hueSpread, double panX, double panY, int shake) {
            this.panX = panX;
            this.panY = panY;
            this.shake = shake;
            this.seed = seed;
            Random random = new Random(seed);
            int block = 16;
            for (int by = 0; by < SIZE; by += block) {
                for (int bx = 0; bx < SIZE; bx += block) {
                    int hh =
                            Math.floorMod(hue + random.nextInt(2 * hueSpread + 1) - hueSpread, 180);
                    int[] c = hsvToBgr(hh, 140 + random.nextInt(116), 110 + random.nextInt(146));
                    for (int y = by; y < by + block; y++) {
                        for (int x = bx; x < bx + block; x++) {
                            int i = (y * SIZE + x) * 3;
                            pattern[i] = (byte) c[0];
                            pattern[i + 1] = (byte) c[1];
                            pattern[i + 2] = (byte) c[2];
                        }
                    }
                }
            }
        }

        @Override
        public void render(int t, byte[] bgr, int width, int height) {
            Random jitter = new Random(seed * 31 + t);
            int ox =
                    (int) Math.round(panX * t)
                            + (shake == 0 ? 0 : jitter.nextInt(2 * shake + 1) - shake);
            int oy =
                    (int) Math.round(panY * t)
                            + (shake == 0 ? 0 : jitter.nextInt(2 * shake + 1) - shake);
            for (int y = 0; y < height; y++) {
                int sy = Math.floorMod(y + oy, SIZE);
                for (int x = 0; x < width; x++) {
                    int sx = Math.floorMod(x + ox, SIZE);
                    int s = (sy * SIZE + sx) * 3;
                    int d = (y * width + x) * 3;
                    bgr[d] = pattern[s];
                    bgr[d + 1] = pattern[s + 1];
                    bgr[d + 2] = pattern[s + 2];
                }
            }
        }

        static int[] hsvToBgr(int h, int s, int v) {
            double hh = h * 2.0 / 60.0;
            double c = v * s / 255.0;
            double x = c * (1 - Math.abs(hh % 2 - 1));
            double m = v - c;
            double r;
            double g;
            double b;
            switch ((int) hh % 6) {
                case 0 -> {
                    r = c;
                    g = x;
                    b = 0;
                }
                case 1 -> {
                    r = x;
                    g = c;
                    b = 0;
                }
                case 2 -> {
                    r = 0;
                    g = c;
                    b = x;
                }
                case 3 -> {
                    r = 0;
                    g = x;
                    b = c;
                }
                case 4 -> {
                    r = x;
                    g = 0;
                    b = c;
                }
                default -> {
                    r = c;
                    g = 0;
                    b = x;
                }
            }
            return new int[] {
                (int) Math.round(b + m), (int) Math.round(g + m), (int) Math.round(r + m)
            };
        }
    }
}
