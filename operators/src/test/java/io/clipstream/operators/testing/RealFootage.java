package io.clipstream.operators.testing;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/**
 * The real footage of the accuracy suite: four Blender open-movie excerpts with hand-checked
 * boundaries (test resources {@code real/}, CC BY 3.0, see the README there), and an edit made here
 * from their frames with a long title card on black, hard cuts into and out of it, and a fade out
 * to a 1.5 s black interval and in from it.
 */
public final class RealFootage {
    /** A clip, its true boundaries (first frames of new shots) and their kinds. */
    public record Clip(String name, Path path, List<Long> boundaries, List<String> kinds) {
        public List<Long> cuts() {
            List<Long> out = new ArrayList<>();
            for (int i = 0; i < boundaries.size(); i++) {
                if (kinds.get(i).equals("cut")) {
                    out.add(boundaries.get(i));
                }
            }
            return out;
        }
    }

    public static final List<String> FILMS =
            List.of(
                    "moviepy_big_buck_bunny_0_30.webm",
                    "zwm_clip_01_tears_of_steel.mp4",
                    "zwm_clip_03_sintel.mp4",
                    "zwm_clip_02_caminandes.mp4");

    /** A frame is dark when at least this share of its pixels has a value of at most 25. */
    public static final double DARK_SHARE = 0.9;

    private static final Map<String, Clip> CACHE = new LinkedHashMap<>();
    private static Path dir;

    private RealFootage() {}

    /** One of the {@link #FILMS}, with its ground truth. */
    public static synchronized Clip film(String name) {
        return CACHE.computeIfAbsent(
                name,
                n -> {
                    try {
                        JsonNode truth;
                        try (InputStream in = resource("ground_truth.json")) {
                            truth = new ObjectMapper().readTree(in).get(n);
                        }
                        List<Long> frames = new ArrayList<>();
                        List<String> kinds = new ArrayList<>();
                        for (JsonNode b : truth.get("boundaries")) {
                            frames.add(b.get("frame").asLong());
                            kinds.add(b.get("kind").asText());
                        }
                        Path file = dir().resolve(n);
                        try (InputStream in = resource(n)) {
                            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                        }
                        return new Clip(n, file, frames, kinds);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
    }

    /**
     * The edit: Tears of Steel 21-64, a 7 s title card (white lines of "text" on black), Caminandes
     * 0-99 fading out over its last 12 frames, 1.5 s of black, a 1 s fade in to Big Buck Bunny
     * 283-375, and a hard cut to Sintel 140-175; 640x360 at 24 fps. The fade boundaries are where
     * the black interval begins (the first dark frame) and where the picture begins again (the
     * first frame that is not dark), computed from the frames as written.
     */
    public static synchronized Clip titleCardEdit() {
        Clip edit = CACHE.get("title-card-edit.mp4");
        if (edit == null) {
            try {
                edit = writeEdit(dir().resolve("title-card-edit.mp4"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            CACHE.put("title-card-edit.mp4", edit);
        }
        return edit;
    }

    private static Clip writeEdit(Path out) throws IOException {
        int w = 640;
        int h = 360;
        List<byte[]> frames = new ArrayList<>();
        List<Long> truth = new ArrayList<>();
        List<String> kinds = new ArrayList<>();
        frames.addAll(read(film(FILMS.get(1)).path(), 21, 65, w, h));
        truth.add((long) frames.size());
        kinds.add("cut");
        for (int i = 0; i < 168; i++) {
            frames.add(titleCard(w, h));
        }
        truth.add((long) frames.size());
        kinds.add("cut");
        List<byte[]> llama = read(film(FILMS.get(3)).path(), 0, 100, w, h);
        for (int k = 0; k < 12; k++) {
            scale(llama.get(88 + k), (11 - k) / 11.0);
        }
        frames.addAll(llama);
        for (int i = 0; i < 36; i++) {
            frames.add(new byte[w * h * 3]);
        }
        List<byte[]> bunny = read(film(FILMS.get(0)).path(), 283, 376, w, h);
        for (int k = 0; k < 24; k++) {
            scale(bunny.get(k), (k + 1) / 24.0);
        }
        frames.addAll(bunny);
        truth.add((long) frames.size());
        kinds.add("cut");
        frames.addAll(read(film(FILMS.get(2)).path(), 140, 176, w, h));
        // the fade boundaries, from the frames themselves: first dark frame, first bright frame
        int firstDark = 212;
        while (!dark(frames.get(firstDark))) {
            firstDark++;
        }
        int firstBright = firstDark;
        while (dark(frames.get(firstBright))) {
            firstBright++;
        }
        truth.add(2, (long) firstDark);
        kinds.add(2, "fade");
        truth.add(3, (long) firstBright);
        kinds.add(3, "fade");
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(out.toFile(), w, h, 0)) {
            recorder.setFormat("mp4");
            recorder.setVideoCodecName("libopenh264");
            recorder.setPixelFormat(AV_PIX_FMT_YUV420P);
            recorder.setFrameRate(24);
            recorder.setGopSize(48);
            recorder.setVideoBitrate(2_000_000);
            recorder.start();
            Frame frame = new Frame(w, h, Frame.DEPTH_UBYTE, 3);
            for (byte[] bgr : frames) {
                ByteBuffer buf = (ByteBuffer) frame.image[0];
                for (int y = 0; y < h; y++) {
                    buf.position(y * frame.imageStride);
                    buf.put(bgr, y * w * 3, w * 3);
                }
                buf.rewind();
                recorder.record(frame, AV_PIX_FMT_BGR24);
            }
            recorder.stop();
        }
        return new Clip("title-card-edit", out, truth, kinds);
    }

    /** Black with three white lines of "text" in the middle, about 4% of the picture. */
    private static byte[] titleCard(int w, int h) {
        byte[] bgr = new byte[w * h * 3];
        for (int line = 0; line < 3; line++) {
            int y0 = h / 2 - 30 + line * 22;
            for (int y = y0; y < y0 + 10; y++) {
                for (int x = w / 2 - 140 + line * 20; x < w / 2 + 140 - line * 20; x++) {
                    if ((x / 9) % 4 != 3) { // gaps between "words"
                        int i = (y * w + x) * 3;
                        bgr[i] = bgr[i + 1] = bgr[i + 2] = (byte) 235;
                    }
                }
            }
        }
        return bgr;
    }

    static boolean dark(byte[] bgr) {
        long darkPixels = 0;
        for (int i = 0; i < bgr.length; i += 3) {
            int v = Math.max(bgr[i] & 0xff, Math.max(bgr[i + 1] & 0xff, bgr[i + 2] & 0xff));
            if (v <= 25) {
                darkPixels++;
            }
        }
        return darkPixels >= DARK_SHARE * (bgr.length / 3);
    }

    private static void scale(byte[] bgr, double factor) {
        for (int i = 0; i < bgr.length; i++) {
            bgr[i] = (byte) Math.round((bgr[i] & 0xff) * factor);
        }
    }

    private static List<byte[]> read(Path file, int from, int to, int w, int h) throws IOException {
        List<byte[]> out = new ArrayList<>();
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile())) {
            g.setImageWidth(w);
            g.setImageHeight(h);
            g.setPixelFormat(AV_PIX_FMT_BGR24);
            g.start();
            Frame f;
            for (int n = 0; n < to && (f = g.grabImage()) != null; n++) {
                if (n >= from) {
                    byte[] bgr = new byte[w * h * 3];
                    io.clipstream.operators.media.PackedBgr.copy(f, bgr, w, h);
                    out.add(bgr);
                }
            }
        }
        return out;
    }

    /**
     * A file of the real media under test resources {@code real/}, such as {@code
     * talking/grid_swwp2s.mpg} or {@code speech/ljspeech_LJ001-0001.wav}, copied to a temporary
     * directory once.
     */
    public static synchronized Path file(String relative) {
        try {
            Path file = dir().resolve(relative);
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                try (InputStream in = resource(relative)) {
                    Files.copy(in, file);
                }
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The audio of a real recording (any format) as 16 kHz mono samples, from its first sample. */
    public static short[] samples16k(String relative) {
        Path file = file(relative);
        try {
            long durationUs;
            try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile())) {
                g.start();
                durationUs = g.getLengthInTime();
            }
            Path wav = Files.createTempFile(dir(), "audio-", ".wav");
            try {
                io.clipstream.operators.media.AudioExtractor.extract(file, 0, durationUs, wav);
                return io.clipstream.operators.media.Wav16kMono.read(
                        wav, 0, io.clipstream.operators.media.Wav16kMono.sampleCount(wav));
            } finally {
                Files.deleteIfExists(wav);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The reference text beside a real recording ({@code .txt} of the same name), as words. */
    public static List<String> referenceWords(String relative) {
        String txt = relative.replaceAll("\\.[^.]+$", ".txt");
        try (InputStream in = resource(txt)) {
            return List.of(
                    new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                            .trim()
                            .split("\\s+"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = RealFootage.class.getResourceAsStream("/real/" + name);
        if (in == null) {
            throw new IOException("missing test resource real/" + name);
        }
        return in;
    }

    private static Path dir() throws IOException {
        if (dir == null) {
            dir = Files.createTempDirectory("clipstream-real-");
            dir.toFile().deleteOnExit();
        }
        return dir;
    }
}
