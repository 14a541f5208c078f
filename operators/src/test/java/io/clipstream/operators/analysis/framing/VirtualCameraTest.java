package io.clipstream.operators.analysis.framing;

import static org.assertj.core.api.Assertions.assertThat;

import io.clipstream.operators.analysis.faces.FaceSampler;
import io.clipstream.schemas.CropKeyframe;
import io.clipstream.schemas.CropPath;
import io.clipstream.schemas.FaceSample;
import io.clipstream.schemas.StreamFacts;
import io.clipstream.schemas.TimeSpan;
import io.clipstream.schemas.VisualSample;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The virtual camera's rules on made-up samples, and on the bad input it must survive. */
class VirtualCameraTest {
    static final long SECOND = 1_000_000;
    static final VirtualCamera camera = new VirtualCamera(VirtualCamera.Settings.DEFAULT);

    static StreamFacts facts(int w, int h, int rotation) {
        return StreamFacts.newBuilder()
                .setContainer("mp4")
                .setVideoCodec("h264")
                .setFps(25)
                .setWidth(w)
                .setHeight(h)
                .setRotation(rotation)
                .setDurationUs(10 * SECOND)
                .setFrameCount(250)
                .setSizeBytes(1)
                .build();
    }

    static FaceSample face(long us, int track, double x, double w, double mouth) {
        return FaceSample.newBuilder()
                .setTimeUs(us)
                .setTrackId(track)
                .setX((float) x)
                .setY(0.3f)
                .setWidth((float) w)
                .setHeight((float) (w * 16 / 9))
                .setConfidence(0.8f)
                .setMouthMotion((float) mouth)
                .build();
    }

    static VisualSample visual(long us, double[] detail, double[] motion) {
        List<Float> d = new ArrayList<>();
        List<Float> m = new ArrayList<>();
        for (int i = 0; i < FaceSampler.BANDS; i++) {
            d.add((float) detail[i]);
            m.add((float) motion[i]);
        }
        return VisualSample.newBuilder()
                .setTimeUs(us)
                .setDetailColumns(d)
                .setDetailRows(d)
                .setMotionColumns(m)
                .setMotionRows(m)
                .build();
    }

    static List<VisualSample> flat(long fromUs, long toUs) {
        List<VisualSample> out = new ArrayList<>();
        double[] d = new double[FaceSampler.BANDS];
        java.util.Arrays.fill(d, 3);
        for (long t = fromUs; t < toUs; t += 200_000) {
            out.add(visual(t, d, new double[FaceSampler.BANDS]));
        }
        return out;
    }

    static void assertInside(CropPath path, StreamFacts facts) {
        int w = facts.getRotation() % 180 == 0 ? facts.getWidth() : facts.getHeight();
        int h = facts.getRotation() % 180 == 0 ? facts.getHeight() : facts.getWidth();
        for (CropKeyframe k : path.getKeyframes()) {
            assertThat(k.getX()).isBetween(0, w - k.getWidth());
            assertThat(k.getY()).isBetween(0, h - k.getHeight());
            assertThat(k.getX() % 2).isZero();
            if ("split".equals(k.getLayout())) {
                assertThat(k.getX2()).isBetween(0, w - k.getWidth2());
                assertThat(k.getY2()).isBetween(0, h - k.getHeight2());
            }
        }
    }

    @Test
    void aStillSpeakerWithDetectorNoiseGetsOneFixedWindow() {
        StreamFacts facts = facts(1920, 1080, 0);
        Random noise = new Random(3);
        List<FaceSample> faces = new ArrayList<>();
        for (long t = 0; t < 10 * SECOND; t += 200_000) {
            faces.add(face(t, 0, 0.7 + noise.nextGaussian() * 0.004, 0.1, 2));
        }
        var scene =
                new VirtualCamera.Scene(
                        facts,
                        List.of(),
                        faces,
                        flat(0, 10 * SECOND),
                        List.of(new TimeSpan(0L, 10 * SECOND)));
        CropPath path = camera.plan(scene, "9:16", 0, 10 * SECOND);
        assertThat(path.getKeyframes()).hasSize(1);
        CropKeyframe k = path.getKeyframes().get(0);
        assertThat(k.getX()).isBetween((int) (0.8 * 1920) - k.getWidth(), (int) (0.7 * 1920));
        assertThat(path.getShots().get(0).getMoving()).isFalse();
    }

    @Test
    void aSpeakerCrossingTheFrameIsFollowedWithinThePanLimit() {
        StreamFacts facts = facts(1920, 1080, 0);
        List<FaceSample> faces = new ArrayList<>();
        for (long t = 0; t < 10 * SECOND; t += 200_000) {
            faces.add(face(t, 0, 0.05 + 0.8 * t / (10.0 * SECOND), 0.1, 2));
        }
        var scene =
                new VirtualCamera.Scene(
                        facts,
                        List.of(),
                        faces,
                        flat(0, 10 * SECOND),
                        List.of(new TimeSpan(0L, 10 * SECOND)));
        CropPath path = camera.plan(scene, "9:16", 0, 10 * SECOND);
        assertThat(path.getShots().get(0).getMoving()).isTrue();
        assertInside(path, facts);
        double limit = VirtualCamera.Settings.DEFAULT.maxPanPerSecond() * 1920;
        List<CropKeyframe> keys = path.getKeyframes();
        for (int i = 1; i < keys.size(); i++) {
            double speed =
                    Math.abs(keys.get(i).getX() - keys.get(i - 1).getX())
                            / ((keys.get(i).getTimeUs() - keys.get(i - 1).getTimeUs()) / 1e6);
            assertThat(speed).isLessThanOrEqualTo(limit + 12);
        }
        // the face stays in the window
        for (FaceSample f : faces) {
            CropWindows.Window w = CropWindows.at(path, f.getTimeUs());
            assertThat(f.getX() * 1920).isGreaterThanOrEqualTo(w.x() - 1);
            assertThat((f.getX() + f.getWidth()) * 1920).isLessThanOrEqualTo(w.x() + w.width() + 1);
        }
    }

    @Test
    void aShotWithoutFacesFramesWhereTheMotionAndDetailAre() {
        StreamFacts facts = facts(1920, 1080, 0);
        List<VisualSample> visuals = new ArrayList<>();
        double[] detail = new double[FaceSampler.BANDS];
        double[] motion = new double[FaceSampler.BANDS];
        java.util.Arrays.fill(detail, 2);
        motion[13] = 12; // something moves at the right
        motion[14] = 10;
        for (long t = 0; t < 4 * SECOND; t += 200_000) {
            visuals.add(visual(t, detail, motion));
        }
        var scene = new VirtualCamera.Scene(facts, List.of(), List.of(), visuals, List.of());
        CropPath path = camera.plan(scene, "9:16", 0, 4 * SECOND);
        CropKeyframe k = path.getKeyframes().get(0);
        assertThat(path.getShots().get(0).getSubject()).isEqualTo("saliency");
        assertThat(k.getX() + k.getWidth()).isGreaterThanOrEqualTo(15 * 1920 / 16);
        assertThat(k.getX()).isLessThanOrEqualTo(13 * 1920 / 16);
    }

    @Test
    void aStillPictureWithSmallFocusedDetailIsCroppedNotLetterboxed() {
        StreamFacts facts = facts(1920, 1080, 0);
        double[] detail = new double[FaceSampler.BANDS];
        detail[7] = 30;
        detail[8] = 30;
        List<VisualSample> visuals = new ArrayList<>();
        for (long t = 0; t < 4 * SECOND; t += 200_000) {
            visuals.add(visual(t, detail, new double[FaceSampler.BANDS]));
        }
        var scene = new VirtualCamera.Scene(facts, List.of(), List.of(), visuals, List.of());
        CropPath path = camera.plan(scene, "9:16", 0, 4 * SECOND);
        assertThat(path.getShots().get(0).getLayout()).isEqualTo("crop");
    }

    @Test
    void nothingSampledKeepsTheCentre() {
        StreamFacts facts = facts(1920, 1080, 0);
        var scene = new VirtualCamera.Scene(facts, List.of(), List.of(), List.of(), List.of());
        CropPath path = camera.plan(scene, "9:16", 0, 4 * SECOND);
        CropKeyframe k = path.getKeyframes().get(0);
        assertThat(path.getShots().get(0).getSubject()).isEqualTo("centre");
        assertThat(k.getX()).isEqualTo((1920 - k.getWidth()) / 2 & ~1);
    }

    @Test
    void badInputNeverCrashesNorLeavesTheFrame() {
        Random r = new Random(5);
        for (int rotation : new int[] {0, 90, 180, 270}) {
            StreamFacts facts = facts(1280, 720, rotation);
            for (int trial = 0; trial < 30; trial++) {
                List<FaceSample> faces = new ArrayList<>();
                List<Long> cuts = new ArrayList<>();
                for (long t = 0; t < 8 * SECOND; t += 200_000) {
                    int n = r.nextInt(4);
                    for (int i = 0; i < n; i++) {
                        // tiny faces, faces past the edge, huge faces, profile-like jumps
                        double w = r.nextDouble() < 0.3 ? 0.003 : r.nextDouble() * 0.9;
                        double x = -0.2 + r.nextDouble() * 1.3;
                        faces.add(face(t, r.nextInt(5), x, w, r.nextDouble() * 4 - 1));
                    }
                    if (r.nextDouble() < 0.05) {
                        cuts.add(t + 100_000);
                    }
                }
                Collections.shuffle(faces, r);
                List<TimeSpan> speech = new ArrayList<>();
                for (long t = 0; t < 8 * SECOND; t += 2 * SECOND) {
                    speech.add(new TimeSpan(t, t + r.nextInt(2_000_000)));
                }
                var scene =
                        new VirtualCamera.Scene(facts, cuts, faces, flat(0, 8 * SECOND), speech);
                for (String aspect : List.of("9:16", "1:1", "4:5", "16:9")) {
                    CropPath path = camera.plan(scene, aspect, 300_000, 7_700_000);
                    assertInside(path, facts);
                    assertThat(path.getKeyframes().get(0).getTimeUs()).isEqualTo(300_000);
                    for (int i = 1; i < path.getKeyframes().size(); i++) {
                        assertThat(path.getKeyframes().get(i).getTimeUs())
                                .isGreaterThanOrEqualTo(path.getKeyframes().get(i - 1).getTimeUs());
                    }
                    for (long cut : cuts) {
                        if (cut > 300_000 && cut < 7_700_000) {
                            assertThat(path.getKeyframes()).anyMatch(k -> k.getTimeUs() == cut);
                        }
                    }
                }
            }
        }
    }

    @Test
    void aPortraitSourceInAWideOutputMovesTheWindowVertically() {
        StreamFacts facts = facts(1080, 1920, 0);
        List<FaceSample> faces = new ArrayList<>();
        for (long t = 0; t < 4 * SECOND; t += 200_000) {
            faces.add(
                    FaceSample.newBuilder(face(t, 0, 0.4, 0.2, 2))
                            .setY(0.05f)
                            .setHeight(0.1f)
                            .build());
        }
        var scene =
                new VirtualCamera.Scene(
                        facts,
                        List.of(),
                        faces,
                        flat(0, 4 * SECOND),
                        List.of(new TimeSpan(0L, 4 * SECOND)));
        CropPath path = camera.plan(scene, "16:9", 0, 4 * SECOND);
        CropKeyframe k = path.getKeyframes().get(0);
        assertThat(k.getWidth()).isEqualTo(1080);
        assertThat(k.getY()).isLessThanOrEqualTo((int) (0.05 * 1920));
        assertThat(k.getY() + k.getHeight()).isGreaterThanOrEqualTo((int) (0.15 * 1920));
    }

    @Test
    void turnsStartInThePauseBeforeTheNewSpeaker() {
        List<TimeSpan> speech =
                List.of(new TimeSpan(0L, 2_000_000L), new TimeSpan(2_600_000L, 5_000_000L));
        assertThat(VirtualCamera.turnStart(speech, 2_000_000, 2_800_000)).isEqualTo(2_300_000);
        // the pause lies before the previous sample: the turn starts at its first sample
        assertThat(VirtualCamera.turnStart(speech, 2_400_000, 2_800_000)).isEqualTo(2_800_000);
    }
}
