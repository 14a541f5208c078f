package io.clipstream.operators.analysis.shots;

import static org.assertj.core.api.Assertions.assertThat;

import io.clipstream.operators.analysis.SegmentAnalyzer;
import io.clipstream.operators.testing.RealFootage;
import io.clipstream.schemas.ShotBoundary;
import io.clipstream.schemas.ShotKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The accuracy suite on real footage: four Blender open-movie excerpts with hand-checked boundaries
 * and traps (flicker, motion blur, occluders, a morph, a caption, a fade-in from black at the
 * start, a negative with cars filling the frame), and an edit of their frames with a 7 s title card
 * on black and a fade through a 1.5 s black interval. Scored at 0- and 1-frame tolerance; the
 * report goes to {@code target/shot-accuracy-real.txt}.
 */
class RealShotAccuracyTest {
    private static final Map<String, List<ShotBoundary>> FOUND = new LinkedHashMap<>();

    static synchronized List<ShotBoundary> detect(RealFootage.Clip clip) throws Exception {
        List<ShotBoundary> found = FOUND.get(clip.name());
        if (found == null) {
            found =
                    new SceneDetection(
                                    SegmentAnalyzer.Settings.SHOTS_ONLY,
                                    CombinedShotDetector.Settings.DEFAULT,
                                    30_000_000,
                                    1)
                            .detect(clip.path())
                            .boundaries();
            FOUND.put(clip.name(), found);
        }
        return found;
    }

    private static List<Long> frames(List<ShotBoundary> b, boolean cutsOnly) {
        return b.stream()
                .filter(x -> !cutsOnly || x.getKind() == ShotKind.CUT)
                .map(ShotBoundary::getFrame)
                .toList();
    }

    static ShotAccuracy films(boolean cutsOnly, int tolerance) throws Exception {
        ShotAccuracy total = new ShotAccuracy(0, 0, 0);
        for (String name : RealFootage.FILMS) {
            RealFootage.Clip clip = RealFootage.film(name);
            total =
                    total.plus(
                            ShotAccuracy.of(
                                    cutsOnly ? clip.cuts() : clip.boundaries(),
                                    frames(detect(clip), cutsOnly),
                                    tolerance));
        }
        return total;
    }

    @Test
    void hardCutsOnTheFilmsReachF1OfAtLeast095WithinOneFrame() throws Exception {
        ShotAccuracy near = films(true, 1);
        assertThat(near.f1()).as("hard cuts: %s", near).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void carsFillingTheFrameOfALockedOffShotAreNoCut() throws Exception {
        assertThat(detect(RealFootage.film("zwm_clip_02_caminandes.mp4"))).isEmpty();
    }

    @Test
    void theFadeInFromBlackAtTheStartIsNoBoundary() throws Exception {
        assertThat(detect(RealFootage.film("moviepy_big_buck_bunny_0_30.webm")))
                .allSatisfy(b -> assertThat(b.getFrame()).isGreaterThan(60));
    }

    @Test
    void aTitleCardOnBlackIsAShotAndAFadeIsPlacedWhereItHappens() throws Exception {
        RealFootage.Clip edit = RealFootage.titleCardEdit();
        List<ShotBoundary> found = detect(edit);
        assertThat(found).hasSameSizeAs(edit.boundaries());
        for (int i = 0; i < found.size(); i++) {
            assertThat(found.get(i).getFrame())
                    .as("boundary %d (%s) of %s", i, edit.kinds().get(i), found)
                    .isBetween(edit.boundaries().get(i) - 1, edit.boundaries().get(i) + 1);
            assertThat(found.get(i).getKind().toString().toLowerCase(Locale.ROOT))
                    .isEqualTo(edit.kinds().get(i));
        }
    }

    @Test
    void splitIntoShortSegmentsAFilmGivesTheWholeFileBoundaries() throws Exception {
        RealFootage.Clip sintel = RealFootage.film("zwm_clip_03_sintel.mp4");
        List<ShotBoundary> split =
                new SceneDetection(
                                SegmentAnalyzer.Settings.SHOTS_ONLY,
                                CombinedShotDetector.Settings.DEFAULT,
                                1_500_000,
                                2)
                        .detect(sintel.path())
                        .boundaries();
        assertThat(split).isEqualTo(detect(sintel));
    }

    @AfterAll
    static void writeReport() throws Exception {
        List<String> lines = new ArrayList<>();
        for (String name : RealFootage.FILMS) {
            RealFootage.Clip clip = RealFootage.film(name);
            lines.add(
                    String.format(
                            Locale.ROOT,
                            "%-34s truth %s%n%-34s found %s",
                            name,
                            clip.boundaries(),
                            "",
                            detect(clip).stream()
                                    .map(b -> b.getFrame() + ":" + b.getKind())
                                    .toList()));
        }
        RealFootage.Clip edit = RealFootage.titleCardEdit();
        lines.add(
                String.format(
                        Locale.ROOT,
                        "%-34s truth %s %s%n%-34s found %s",
                        "title-card edit",
                        edit.boundaries(),
                        edit.kinds(),
                        "",
                        detect(edit).stream().map(b -> b.getFrame() + ":" + b.getKind()).toList()));
        for (boolean cutsOnly : new boolean[] {true, false}) {
            for (int tolerance : new int[] {0, 1}) {
                lines.add(
                        String.format(
                                Locale.ROOT,
                                "films, %s, %d-frame tolerance: %s",
                                cutsOnly ? "hard cuts" : "all boundaries",
                                tolerance,
                                films(cutsOnly, tolerance)));
            }
        }
        Path file = Path.of("target", "shot-accuracy-real.txt");
        Files.createDirectories(file.getParent());
        Files.write(file, lines);
        lines.forEach(l -> org.slf4j.LoggerFactory.getLogger(RealShotAccuracyTest.class).info(l));
    }
}
