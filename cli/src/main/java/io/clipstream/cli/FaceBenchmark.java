package io.clipstream.cli;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clipstream.operators.analysis.faces.CascadeFaceDetector;
import io.clipstream.operators.analysis.faces.FaceBox;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;

/**
 * Face detectors on the real media: on the GRID talking heads, the share of sampled frames where
 * the speaker's face is found and how far its centre lies from the hand-checked one; on Blender
 * clips without a person in frame, the share of samples with a (false) face; and the time per
 * sampled frame on one core. Frames are sampled five times a second at 256 px wide.
 */
final class FaceBenchmark {
    static final int WIDTH = 256;

    record Sample(byte[] bgr, int width, int height) {}

    record Row(
            String detector,
            int speakerFound,
            int speakerSamples,
            double medianCentreError,
            double meanWidthShare,
            int falseFaces,
            int emptySamples,
            double msPerFrame) {}

    private final Path media;

    FaceBenchmark(Path media) {
        this.media = media;
    }

    List<Row> run() throws IOException {
        JsonNode truth =
                new ObjectMapper().readTree(media.resolve("talking/ground_truth.json").toFile());
        List<String> talking = new ArrayList<>();
        truth.fieldNames()
                .forEachRemaining(
                        n -> {
                            if (n.endsWith(".mpg")) talking.add(n);
                        });
        List<List<Sample>> heads = new ArrayList<>();
        for (String clip : talking) {
            heads.add(samples(media.resolve("talking").resolve(clip)));
        }
        List<Sample> empty = new ArrayList<>();
        for (String film :
                List.of(
                        "zwm_clip_02_caminandes.mp4",
                        "zwm_clip_03_sintel.mp4",
                        "moviepy_big_buck_bunny_0_30.webm")) {
            empty.addAll(samples(media.resolve(film)));
        }
        List<Row> rows = new ArrayList<>();
        for (String name :
                List.of("lbp-frontal-improved", "haar-frontal-alt2", "haar-frontal-default")) {
            try (CascadeFaceDetector detector = new CascadeFaceDetector(name, 0.06)) {
                int found = 0;
                int total = 0;
                long nanos = 0;
                int frames = 0;
                List<Double> errors = new ArrayList<>();
                double widths = 0;
                for (int c = 0; c < talking.size(); c++) {
                    double expected = truth.get(talking.get(c)).get("face_centre_x").asDouble();
                    for (Sample s : heads.get(c)) {
                        long t = System.nanoTime();
                        List<FaceBox> faces = detector.detect(s.bgr(), s.width(), s.height());
                        nanos += System.nanoTime() - t;
                        frames++;
                        total++;
                        if (!faces.isEmpty()) {
                            FaceBox f =
                                    faces.stream()
                                            .max(Comparator.comparing(FaceBox::width))
                                            .orElseThrow();
                            found++;
                            errors.add(Math.abs(f.centreX() - expected));
                            widths += f.width();
                        }
                    }
                }
                int falseFaces = 0;
                for (Sample s : empty) {
                    long t = System.nanoTime();
                    if (!detector.detect(s.bgr(), s.width(), s.height()).isEmpty()) {
                        falseFaces++;
                    }
                    nanos += System.nanoTime() - t;
                    frames++;
                }
                errors.sort(null);
                rows.add(
                        new Row(
                                name,
                                found,
                                total,
                                errors.isEmpty() ? -1 : errors.get(errors.size() / 2),
                                found == 0 ? 0 : widths / found,
                                falseFaces,
                                empty.size(),
                                nanos / 1e6 / frames));
            }
        }
        return rows;
    }

    /** Five samples a second, {@link #WIDTH} wide. */
    static List<Sample> samples(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("missing " + file);
        }
        List<Sample> out = new ArrayList<>();
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile())) {
            g.start();
            int h = (int) Math.round(g.getImageHeight() * (double) WIDTH / g.getImageWidth()) & ~1;
            double fps = g.getFrameRate();
            g.stop();
            g.setImageWidth(WIDTH);
            g.setImageHeight(h);
            g.setPixelFormat(AV_PIX_FMT_BGR24);
            g.start();
            int step = Math.max(1, (int) Math.round(fps / 5));
            Frame f;
            for (int n = 0; (f = g.grabImage()) != null; n++) {
                if (n % step != 0) {
                    continue;
                }
                byte[] bgr = new byte[WIDTH * h * 3];
                io.clipstream.operators.media.PackedBgr.copy(f, bgr, WIDTH, h);
                out.add(new Sample(bgr, WIDTH, h));
            }
        }
        return out;
    }

    static void print(List<Row> rows, PrintStream out) {
        out.printf(
                Locale.ROOT,
                "%-22s %16s %14s %12s %16s %10s%n",
                "detector",
                "speaker found",
                "centre error",
                "face width",
                "false faces",
                "ms/frame");
        for (Row r : rows) {
            out.printf(
                    Locale.ROOT,
                    "%-22s %16s %14s %12s %16s %10.1f%n",
                    r.detector(),
                    r.speakerFound() + "/" + r.speakerSamples(),
                    String.format(Locale.ROOT, "%.3f W", r.medianCentreError()),
                    String.format(Locale.ROOT, "%.2f W", r.meanWidthShare()),
                    r.falseFaces() + "/" + r.emptySamples(),
                    r.msPerFrame());
        }
    }
}
