package io.clipstream.operators.analysis.faces;

import static org.assertj.core.api.Assertions.assertThat;

import io.clipstream.schemas.FaceSample;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaceTracksTest {
    static FaceSample face(long ms, double x, double y, double w) {
        return new FaceSample(
                ms * 1000, -1, (float) x, (float) y, (float) w, (float) (w * 1.2), 0.9f, -1f);
    }

    private static List<Integer> ids(List<FaceSample> linked, double nearX) {
        List<Integer> out = new ArrayList<>();
        for (FaceSample f : linked) {
            if (Math.abs(f.getX() - nearX) < 0.15) {
                out.add(f.getTrackId());
            }
        }
        return out;
    }

    @Test
    void twoPeopleSideBySideKeepTheirOwnTracks() {
        List<FaceSample> samples = new ArrayList<>();
        for (int k = 0; k < 10; k++) {
            samples.add(face(k * 200, 0.10 + 0.002 * k, 0.3, 0.15)); // left, drifting right
            samples.add(face(k * 200, 0.70 - 0.002 * k, 0.3, 0.15)); // right, drifting left
        }
        Collections.shuffle(samples, new java.util.Random(7));
        List<FaceSample> linked = FaceTracks.link(samples, List.of());
        assertThat(ids(linked, 0.11)).hasSize(10).containsOnly(0);
        assertThat(ids(linked, 0.69)).hasSize(10).containsOnly(1);
    }

    @Test
    void aCutOrALongAbsenceStartsANewTrack() {
        List<FaceSample> samples =
                List.of(
                        face(0, 0.4, 0.3, 0.2),
                        face(200, 0.4, 0.3, 0.2),
                        face(400, 0.4, 0.3, 0.2), // a cut at 300 ms: same place, new shot
                        face(600, 0.4, 0.3, 0.2),
                        face(2000, 0.4, 0.3, 0.2)); // gone for 1.4 s
        List<FaceSample> linked = FaceTracks.link(samples, List.of(300_000L));
        assertThat(linked).extracting(FaceSample::getTrackId).containsExactly(0, 0, 1, 1, 2);
    }

    @Test
    void aFaceMovingFasterThanItsSizeFollowsByItsCentre() {
        // IoU of consecutive boxes is below 0.3, but the centre stays within half a face width
        List<FaceSample> samples =
                List.of(
                        face(0, 0.30, 0.3, 0.2),
                        face(200, 0.38, 0.3, 0.2),
                        face(400, 0.46, 0.3, 0.2));
        assertThat(FaceTracks.iou(samples.get(0), samples.get(1))).isLessThan(0.6);
        assertThat(FaceTracks.link(samples, List.of()))
                .extracting(FaceSample::getTrackId)
                .containsOnly(0);
        // a far jump is another face
        assertThat(
                        FaceTracks.link(
                                List.of(face(0, 0.1, 0.3, 0.1), face(200, 0.8, 0.3, 0.1)),
                                List.of()))
                .extracting(FaceSample::getTrackId)
                .containsExactly(0, 1);
    }

    @Test
    void theSameDetectionsAlwaysGiveTheSameIds() {
        List<FaceSample> samples = new ArrayList<>();
        for (int k = 0; k < 20; k++) {
            samples.add(face(k * 200, 0.2, 0.3, 0.1));
            if (k % 3 == 0) {
                samples.add(face(k * 200, 0.6, 0.3, 0.1));
            }
        }
        List<FaceSample> a = FaceTracks.link(samples, List.of(2_000_000L));
        List<FaceSample> shuffled = new ArrayList<>(samples);
        Collections.shuffle(shuffled, new java.util.Random(3));
        assertThat(FaceTracks.link(shuffled, List.of(2_000_000L))).isEqualTo(a);
    }
}
