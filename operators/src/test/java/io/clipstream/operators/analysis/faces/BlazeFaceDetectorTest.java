package io.clipstream.operators.analysis.faces;

import static io.clipstream.operators.analysis.faces.CascadeFaceDetectorTest.frames;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.clipstream.operators.testing.RealFootage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * BlazeFace on the real media, where tools/setup-faces.sh has installed its model: the GRID heads,
 * the Blender clips without people, and a face found again in a crop around where it was.
 */
class BlazeFaceDetectorTest {
    static Path models;

    @BeforeEach
    void needsTheModel() {
        models = BlazeFaceDetector.locate(null);
        assumeThat(models)
                .as("skipped: the BlazeFace model is not installed; run tools/setup-faces.sh")
                .isNotNull();
    }

    @Test
    void everyGridSampleHasTheSpeakersFaceWhereTheGroundTruthPutsIt() throws IOException {
        JsonNode truth = CascadeFaceDetectorTest.truth();
        try (BlazeFaceDetector detector = new BlazeFaceDetector(models)) {
            for (String clip :
                    List.of(
                            "grid_swwp2s.mpg",
                            "grid_swiz3n.mpg",
                            "grid_lwbsza.mpg",
                            "grid_lbbc2a.mpg")) {
                int[] size = new int[2];
                List<byte[]> samples = frames(RealFootage.file("talking/" + clip), 5, size);
                double expected = truth.get(clip).get("face_centre_x").asDouble();
                double width = truth.get(clip).get("face_width_frac").asDouble();
                for (byte[] bgr : samples) {
                    List<FaceBox> faces = detector.detect(bgr, size[0], size[1]);
                    assertThat(faces).as(clip).hasSize(1);
                    FaceBox face = faces.get(0);
                    assertThat((double) face.centreX()).as(clip).isCloseTo(expected, within(0.05));
                    assertThat((double) face.width()).as(clip).isCloseTo(width, within(0.12));
                    assertThat(face.confidence()).isBetween(BlazeFaceDetector.THRESHOLD, 1f);
                }
            }
        }
    }

    @Test
    void framesWithoutPeopleGiveFewFaces() throws IOException {
        try (BlazeFaceDetector detector = new BlazeFaceDetector(models)) {
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
            // Sintel's heroine is a person: her face in close-ups counts; the llama and the
            // rabbit are not faces
            assertThat(sampled).isEqualTo(240);
            assertThat(found).isLessThan(sampled / 10);
        }
    }

    @Test
    void aFaceIsFoundAgainNearWhereItWas() throws IOException {
        int[] size = new int[2];
        byte[] head = frames(RealFootage.file("talking/grid_lbbc2a.mpg"), 25, size).get(1);
        int w = size[0] * 3;
        int h = size[1];
        byte[] wide = new byte[w * h * 3];
        java.util.Arrays.fill(wide, (byte) 90);
        int left = 2 * size[0];
        for (int y = 0; y < h; y++) {
            System.arraycopy(head, y * size[0] * 3, wide, (y * w + left) * 3, size[0] * 3);
        }
        try (BlazeFaceDetector detector = new BlazeFaceDetector(models)) {
            FaceBox found =
                    detector.detect(wide, w, h).stream()
                            .max(Comparator.comparing(FaceBox::confidence))
                            .orElseThrow();
            double expected = (left + 0.52 * size[0]) / w;
            assertThat((double) found.centreX()).isCloseTo(expected, within(0.03));
            // a little off, as a face that moved since the last sample
            FaceBox last =
                    new FaceBox(
                            found.x() + 0.02f,
                            found.y() - 0.03f,
                            found.width(),
                            found.height(),
                            found.confidence());
            List<FaceBox> again = detector.detectNear(wide, w, h, last);
            assertThat(again).hasSize(1);
            assertThat(FaceBox.iou(again.get(0), found)).isGreaterThan(0.6);
            // nothing there: nothing found
            FaceBox empty = new FaceBox(0.05f, 0.2f, 0.1f, 0.3f, 0.9f);
            assertThat(detector.detectNear(wide, w, h, empty)).isEmpty();
        }
    }

    @Test
    void aDirectoryWithoutTheModelIsRefusedWithTheWayToGetIt(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("README"), "no model here");
        assertThatThrownBy(() -> new BlazeFaceDetector(dir))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(BlazeFaceDetector.FULL_RANGE)
                .hasMessageContaining("tools/setup-faces.sh");
    }
}
