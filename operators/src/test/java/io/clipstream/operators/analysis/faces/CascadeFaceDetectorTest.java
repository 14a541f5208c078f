package io.clipstream.operators.analysis.faces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clipstream.operators.testing.RealFootage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.Test;

/**
 * OpenCV's cascades on the real media: the four GRID talking heads (one face each, hand-checked
 * centre), three Blender clips without a person in frame, and a wide shot made here by placing a
 * GRID head on the right of a larger frame.
 */
class CascadeFaceDetectorTest {
    static final int WIDTH = 256;

    /** Every {@code step}-th frame of a file, {@code WIDTH} wide, as packed BGR. */
    static List<byte[]> frames(Path file, int step, int[] size) throws IOException {
        List<byte[]> out = new ArrayList<>();
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile())) {
            g.start();
            int h = (int) Math.round(g.getImageHeight() * (double) WIDTH / g.getImageWidth()) & ~1;
            g.stop();
            g.setImageWidth(WIDTH);
            g.setImageHeight(h);
            g.setPixelFormat(AV_PIX_FMT_BGR24);
            g.start();
            size[0] = WIDTH;
            size[1] = h;
            Frame f;
            for (int n = 0; (f = g.grabImage()) != null; n++) {
                if (n % step != 0) {
                    continue;
                }
                byte[] bgr = new byte[WIDTH * h * 3];
                io.clipstream.operators.media.PackedBgr.copy(f, bgr, WIDTH, h);
                out.add(bgr);
            }
        }
        return out;
    }

    static JsonNode truth() throws IOException {
        try (InputStream in =
                CascadeFaceDetectorTest.class.getResourceAsStream(
                        "/real/talking/ground_truth.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    @Test
    void everyGridSampleHasTheSpeakersFaceWhereTheGroundTruthPutsIt() throws IOException {
        JsonNode truth = truth();
        try (CascadeFaceDetector detector = new CascadeFaceDetector("lbp-frontal-improved", 0.06)) {
            for (String clip :
                    List.of(
                            "grid_swwp2s.mpg",
                            "grid_swiz3n.mpg",
                            "grid_lwbsza.mpg",
                            "grid_lbbc2a.mpg")) {
                int[] size = new int[2];
                List<byte[]> samples = frames(RealFootage.file("talking/" + clip), 5, size);
                assertThat(samples).hasSize(15);
                double expected = truth.get(clip).get("face_centre_x").asDouble();
                for (byte[] bgr : samples) {
                    List<FaceBox> faces = detector.detect(bgr, size[0], size[1]);
                    assertThat(faces).as(clip).isNotEmpty();
                    FaceBox face =
                            faces.stream().max(Comparator.comparing(FaceBox::width)).orElseThrow();
                    assertThat((double) face.centreX()).as(clip).isCloseTo(expected, within(0.05));
                    assertThat(face.confidence()).isBetween(0.5f, 1f);
                    assertThat(face.x()).isGreaterThanOrEqualTo(0f);
                    assertThat(face.x() + face.width()).isLessThanOrEqualTo(1f);
                }
            }
        }
    }

    @Test
    void framesWithoutPeopleGiveNoFaces() throws IOException {
        try (CascadeFaceDetector detector = new CascadeFaceDetector("lbp-frontal-improved", 0.06)) {
            int found = 0;
            int sampled = 0;
            for (String film :
                    List.of(
                            "zwm_clip_02_caminandes.mp4",
                            "zwm_clip_03_sintel.mp4",
                            "moviepy_big_buck_bunny_0_30.webm")) {
                int[] size = new int[2];
                for (byte[] bgr : frames(RealFootage.film(film).path(), 5, size)) {
                    sampled++;
                    if (!detector.detect(bgr, size[0], size[1]).isEmpty()) {
                        found++;
                    }
                }
            }
            // measured: 0 of 240 samples (a llama, an animated fight, a rabbit and birds)
            assertThat(sampled).isEqualTo(240);
            assertThat(found).isLessThanOrEqualTo(2);
        }
    }

    @Test
    void aSpeakerOnTheRightOfAWideShotIsFoundThere() throws IOException {
        int[] size = new int[2];
        byte[] head = frames(RealFootage.file("talking/grid_lbbc2a.mpg"), 25, size).get(1);
        // a 3x wider grey frame with the 256x204 head on its right third
        int w = size[0] * 3;
        int h = size[1];
        byte[] wide = new byte[w * h * 3];
        java.util.Arrays.fill(wide, (byte) 90);
        int left = 2 * size[0];
        for (int y = 0; y < h; y++) {
            System.arraycopy(head, y * size[0] * 3, wide, (y * w + left) * 3, size[0] * 3);
        }
        try (CascadeFaceDetector detector = new CascadeFaceDetector("haar-frontal-alt2", 0.03)) {
            List<FaceBox> faces = detector.detect(wide, w, h);
            assertThat(faces).hasSize(1);
            double expected = (left + 0.52 * size[0]) / w;
            assertThat((double) faces.get(0).centreX()).isCloseTo(expected, within(0.02));
        }
    }

    @Test
    void anUnknownCascadeIsRefusedWithTheNamesThatExist() {
        assertThatThrownBy(() -> new CascadeFaceDetector("yolo", 0.05))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("unknown face cascade 'yolo'")
                .hasMessageContaining("lbp-frontal-improved");
    }

    private static org.assertj.core.data.Offset<Double> within(double d) {
        return org.assertj.core.data.Offset.offset(d);
    }
}
