package io.clipstream.operators.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;

import io.clipstream.operators.media.MediaLimits;
import io.clipstream.operators.media.MediaProbe;
import io.clipstream.operators.media.ProbeResult;
import io.clipstream.operators.testing.RealFootage;
import io.clipstream.schemas.ClipPlan;
import io.clipstream.schemas.Word;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Burned-in captions read back with Tesseract: a real GRID talking head (its sentence and word
 * times from the corpus's alignment) rendered vertical, frames taken in the middle of each word,
 * and the caption area read. The word being spoken must be among the words shown. Needs Debian's
 * tesseract-ocr ({@code tools/setup-render-tests.sh}); skipped with that reason without it.
 */
class CaptionsReadBackTest {

    /** "set white with p two soon", GRID's alignment of grid_swwp2s (seconds). */
    static final List<Word> WORDS =
            List.of(
                    FinishedClipTest.word("set", 0.49, 0.77),
                    FinishedClipTest.word("white", 0.77, 1.09),
                    FinishedClipTest.word("with", 1.09, 1.22),
                    FinishedClipTest.word("p", 1.22, 1.44),
                    FinishedClipTest.word("two", 1.44, 1.73),
                    FinishedClipTest.word("soon", 1.73, 2.21));

    @BeforeAll
    static void needsTesseract() {
        Assumptions.assumeTrue(
                onPath("tesseract"),
                "tesseract is not installed (bash tools/setup-render-tests.sh installs Debian's tesseract-ocr)");
    }

    static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    @ParameterizedTest
    @ValueSource(strings = {"highlight", "karaoke", "pop", "clean"})
    void theWordsShownAreTheWordsSpoken(String style, @TempDir Path dir) throws Exception {
        Path source = RealFootage.file("talking/grid_swwp2s.mpg");
        ProbeResult probe = MediaProbe.probe(source, MediaLimits.DEFAULT);
        long frames = probe.frameCount();
        ClipPlan plan =
                FinishedClipTest.plan(
                        probe, 0, frames, List.of(new long[] {0, frames}), WORDS, style, "9:16");
        Path out = dir.resolve("clip.mp4");
        new ClipRenderer(ClipRenderer.Settings.DEFAULT, FinishedClipTest.paths(dir))
                .encode(plan, plan.getCropPaths().get(0), source, out);
        // the real voice, at the loudness target in the encoded file
        float[][] sound = FinishedClipTest.decodeAudio(out);
        assertThat(LoudnessMeter.integrated(sound))
                .isCloseTo(-14.0, org.assertj.core.data.Offset.offset(0.5));
        assertThat(LoudnessMeter.truePeak(sound)).isLessThanOrEqualTo(-1.0);
        int read = 0;
        List<String> seen = new ArrayList<>();
        for (Word w : WORDS) {
            if (w.getText().length() < 3) {
                continue; // a lone letter is below what OCR reads reliably
            }
            double mid = (w.getStartUs() + w.getEndUs()) / 2e6;
            BufferedImage frame = frameAt(out, mid);
            if (System.getenv("CLIPSTREAM_DUMP") != null) {
                ImageIO.write(
                        frame,
                        "png",
                        Path.of(
                                        System.getenv("CLIPSTREAM_DUMP"),
                                        style + "-" + w.getText() + ".png")
                                .toFile());
                ImageIO.write(
                        captionArea(frame),
                        "png",
                        Path.of(
                                        System.getenv("CLIPSTREAM_DUMP"),
                                        style + "-" + w.getText() + "-bin.png")
                                .toFile());
            }
            String text = ocr(captionArea(frame), dir);
            seen.add(
                    String.format(
                            Locale.ROOT,
                            "%.2fs %s: %s",
                            mid,
                            w.getText(),
                            text.replace('\n', ' ')));
            if (text.toLowerCase(Locale.ROOT).contains(w.getText())) {
                read++;
            }
            if (style.equals("pop")) {
                // one to three words at a time: the other group is not on screen
                String other = w.getStartUs() < 1_200_000 ? "soon" : "white";
                assertThat(text.toLowerCase(Locale.ROOT))
                        .as("pop at %.2f s", mid)
                        .doesNotContain(other);
            }
        }
        // every word of three letters and more is read where it is spoken
        assertThat(read).as("words read back in %s captions: %s", style, seen).isEqualTo(5);
    }

    @org.junit.jupiter.api.Test
    void onGeneratedFootageTheWordsShownAreTheWordsSpoken(@TempDir Path dir) throws Exception {
        // the generated talk: flat coloured shots with a moving box, cuts at 1.5, 3.0 and 4.0 s
        List<Word> words =
                List.of(
                        FinishedClipTest.word("every", 0.30, 0.62),
                        FinishedClipTest.word("moment", 0.66, 1.10),
                        FinishedClipTest.word("counts", 1.14, 1.60),
                        FinishedClipTest.word("when", 2.60, 2.85),
                        FinishedClipTest.word("nobody", 2.90, 3.40),
                        FinishedClipTest.word("watches", 3.45, 4.20));
        Path source = io.clipstream.operators.testing.TestVideos.talk();
        ProbeResult probe = MediaProbe.probe(source, MediaLimits.DEFAULT);
        ClipPlan plan =
                FinishedClipTest.plan(
                        probe, 0, 150, List.of(new long[] {0, 150}), words, "highlight", "9:16");
        Path out = dir.resolve("clip.mp4");
        new ClipRenderer(ClipRenderer.Settings.DEFAULT, FinishedClipTest.paths(dir))
                .encode(plan, plan.getCropPaths().get(0), source, out);
        List<String> seen = new ArrayList<>();
        int read = 0;
        for (Word w : words) {
            double mid = (w.getStartUs() + w.getEndUs()) / 2e6;
            String text = ocr(captionArea(frameAt(out, mid)), dir).toLowerCase(Locale.ROOT);
            seen.add(
                    String.format(
                            Locale.ROOT,
                            "%.2fs %s: %s",
                            mid,
                            w.getText(),
                            text.replace('\n', ' ')));
            if (text.contains(w.getText())) {
                read++;
            }
            // the page before the pause is gone after it, and the next is not shown early
            String other = w.getStartUs() < 2_000_000 ? "nobody" : "moment";
            assertThat(text).as("at %.2f s", mid).doesNotContain(other);
        }
        assertThat(read).as("words read back: %s", seen).isEqualTo(words.size());
    }

    /** The frame showing at {@code seconds}. */
    static BufferedImage frameAt(Path clip, double seconds) throws Exception {
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(clip.toFile())) {
            g.setPixelFormat(AV_PIX_FMT_BGR24);
            g.start();
            Frame f;
            Frame last = null;
            while ((f = g.grabImage()) != null) {
                if (f.timestamp / 1e6 > seconds + 0.5 / g.getFrameRate()) {
                    break;
                }
                last = f.clone();
            }
            BufferedImage img =
                    new BufferedImage(
                            last.imageWidth, last.imageHeight, BufferedImage.TYPE_INT_RGB);
            ByteBuffer b = (ByteBuffer) last.image[0];
            for (int y = 0; y < last.imageHeight; y++) {
                for (int x = 0; x < last.imageWidth; x++) {
                    int i = y * last.imageStride + x * 3;
                    img.setRGB(
                            x,
                            y,
                            ((b.get(i + 2) & 0xff) << 16)
                                    | ((b.get(i + 1) & 0xff) << 8)
                                    | (b.get(i) & 0xff));
                }
            }
            return img;
        }
    }

    /**
     * The lower half of the frame with the caption letters black on white (what Tesseract reads
     * best): white or yellow pixels with the outline's black within a few pixels of them.
     */
    static BufferedImage captionArea(BufferedImage frame) {
        int top = frame.getHeight() / 2;
        int h = frame.getHeight() - top;
        int w = frame.getWidth();
        boolean[] dark = new boolean[w * h];
        boolean[] bright = new boolean[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = frame.getRGB(x, top + y);
                int r = (p >> 16) & 0xff;
                int g = (p >> 8) & 0xff;
                int b = p & 0xff;
                dark[y * w + x] = Math.max(r, Math.max(g, b)) < 70;
                bright[y * w + x] =
                        Math.min(r, Math.min(g, b)) > 190 || (r > 190 && g > 150 && b < 110);
            }
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        int reach = Math.max(4, w / 100);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                boolean letter = false;
                if (bright[y * w + x]) {
                    for (int d = 1; d <= reach && !letter; d++) {
                        letter =
                                (x - d >= 0 && dark[y * w + x - d])
                                        || (x + d < w && dark[y * w + x + d])
                                        || (y - d >= 0 && dark[(y - d) * w + x])
                                        || (y + d < h && dark[(y + d) * w + x]);
                    }
                }
                out.getRaster().setSample(x, y, 0, letter ? 0 : 255);
            }
        }
        return out;
    }

    static String ocr(BufferedImage image, Path dir) throws Exception {
        Path png = Files.createTempFile(dir, "ocr-", ".png");
        ImageIO.write(image, "png", png.toFile());
        Process p =
                new ProcessBuilder("tesseract", png.toString(), "stdout", "--psm", "6", "-l", "eng")
                        .redirectErrorStream(false)
                        .start();
        String text =
                new String(
                        p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        return text.strip();
    }
}
