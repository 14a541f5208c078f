package io.clipstream.operators.analysis.shots;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clipstream.schemas.FrameSignals;
import io.clipstream.schemas.ShotBoundary;
import io.clipstream.schemas.ShotKind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each detector on hand-made per-frame signals. */
class DetectorsTest {
    /** Signals of n frames at 30 fps with a calm baseline; tests then shape them. */
    static final class Builder {
        final int n;
        final int lag = 12;
        final float[][] diff = new float[5][];
        final float[] diffLag;
        final float[] luma;
        final float[] hist1;
        final float[] histLag;

        Builder(int n) {
            this.n = n;
            for (int k = 0; k < 5; k++) {
                diff[k] = new float[n];
                java.util.Arrays.fill(diff[k], 1f);
            }
            diffLag = new float[n];
            java.util.Arrays.fill(diffLag, 2f);
            luma = new float[n];
            java.util.Arrays.fill(luma, 120f);
            hist1 = new float[n];
            histLag = new float[n];
        }

        /** A hard cut at frame i: frames from i on differ from those before. */
        Builder cut(int i, float size) {
            for (int k = 1; k <= 4; k++) {
                for (int j = i; j < Math.min(n, i + k); j++) {
                    diff[k][j] = size;
                }
            }
            for (int j = i; j < Math.min(n, i + lag); j++) {
                diffLag[j] = size;
                histLag[j] = 0.6f;
            }
            hist1[i] = 0.6f;
            return this;
        }

        VideoSignals build() {
            List<Long> times = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                times.add(Math.round(i * 1e6 / 30));
            }
            return VideoSignals.of(
                    List.of(
                            FrameSignals.newBuilder()
                                    .setFirstFrame(0)
                                    .setLag(lag)
                                    .setTimesUs(times)
                                    .setDiff1(list(diff[1]))
                                    .setDiff2(list(diff[2]))
                                    .setDiff3(list(diff[3]))
                                    .setDiff4(list(diff[4]))
                                    .setDiffLag(list(diffLag))
                                    .setLuma(list(luma))
                                    .setHist1(list(hist1))
                                    .setHistLag(list(histLag))
                                    .build()));
        }

        static List<Float> list(float[] a) {
            List<Float> l = new ArrayList<>();
            for (float f : a) {
                l.add(f);
            }
            return l;
        }
    }

    static List<Long> frames(List<ShotBoundary> b) {
        return b.stream().map(ShotBoundary::getFrame).toList();
    }

    @Test
    void contentDetectorFiresOnAFixedThresholdOnly() {
        VideoSignals s = new Builder(100).cut(30, 40).cut(60, 20).build();
        assertThat(frames(new ContentDetector(27).detect(s))).containsExactly(30L);
    }

    @Test
    void adaptiveDetectorFindsALowContrastCutInCalmFootage() {
        VideoSignals s = new Builder(100).cut(30, 40).cut(60, 12).build();
        assertThat(frames(AdaptiveDetector.defaults().detect(s))).containsExactly(30L, 60L);
    }

    @Test
    void adaptiveDetectorIgnoresEqualChangeDuringMotion() {
        Builder b = new Builder(100);
        for (int i = 20; i < 80; i++) {
            b.diff[1][i] = 30 + (i % 3); // fast motion: every frame differs a lot
            b.hist1[i] = 0.05f; // but the colours stay
        }
        assertThat(AdaptiveDetector.defaults().detect(b.build())).isEmpty();
    }

    @Test
    void adaptiveDetectorNeedsTheColourDistributionToChange() {
        Builder b = new Builder(100).cut(30, 40);
        b.hist1[30] = 0.02f; // a jolt of the camera, same scene
        assertThat(AdaptiveDetector.defaults().detect(b.build())).isEmpty();
    }

    @Test
    void flashFilterRemovesAFlashAndItsReturnButKeepsACut() {
        Builder b = new Builder(100).cut(70, 40);
        // one white frame at 30: 29 -> 30 and 30 -> 31 jump, 31 is back to 29
        b.diff[1][30] = 60;
        b.hist1[30] = 0.7f;
        b.diff[1][31] = 60;
        b.hist1[31] = 0.7f;
        b.diff[2][31] = 2; // frame 31 vs 29
        b.diff[2][30] = 60;
        VideoSignals s = b.build();
        List<ShotBoundary> cuts = AdaptiveDetector.defaults().detect(s);
        assertThat(frames(cuts)).contains(30L, 70L);
        assertThat(frames(FlashFilter.defaults().apply(s, cuts))).containsExactly(70L);
        assertThatThrownBy(() -> new FlashFilter(4, 0.3))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fadeThroughBlackIsOneBoundaryAtTheMiddleOfTheDarkRun() {
        Builder b = new Builder(100);
        for (int i = 40; i <= 49; i++) {
            b.luma[i] = 3;
        }
        for (int i = 0; i < 5; i++) {
            b.luma[i] = 2; // a fade-in at the start separates nothing
        }
        List<ShotBoundary> fades = FadeDetector.defaults().detect(b.build());
        assertThat(fades)
                .singleElement()
                .satisfies(
                        f -> {
                            assertThat(f.getFrame()).isEqualTo(45L);
                            assertThat(f.getKind()).isEqualTo(ShotKind.FADE);
                        });
    }

    @Test
    void dissolveIsFoundAtItsMiddleAndAHardCutIsNotADissolve() {
        Builder b = new Builder(120);
        // linear 20-frame dissolve from frame 50 to 69: each step 2, over the lag up to 24
        for (int i = 50; i < 70 + b.lag; i++) {
            float alphaNow = Math.min(1f, Math.max(0f, (i - 49) / 21f));
            float alphaThen = Math.min(1f, Math.max(0f, (i - b.lag - 49) / 21f));
            b.diffLag[i] = 42 * (alphaNow - alphaThen);
            b.histLag[i] = 0.8f * (alphaNow - alphaThen);
            if (i < 70) {
                b.diff[1][i] = 2;
            }
        }
        VideoSignals s = b.build();
        assertThat(DissolveDetector.defaults().detect(s))
                .singleElement()
                .satisfies(
                        d -> {
                            assertThat(d.getKind()).isEqualTo(ShotKind.DISSOLVE);
                            assertThat(d.getFrame()).isBetween(59L, 60L);
                        });
        assertThat(DissolveDetector.defaults().detect(new Builder(120).cut(50, 40).build()))
                .isEmpty();
    }

    @Test
    void combinedDetectorKeepsShotsAtLeastTheMinimumLength() {
        VideoSignals s = new Builder(100).cut(30, 40).cut(34, 60).cut(70, 40).build();
        assertThat(
                        frames(
                                new CombinedShotDetector(CombinedShotDetector.Settings.DEFAULT)
                                        .detect(s)))
                .containsExactly(34L, 70L);
    }

    @Test
    void modelDetectorTakesProbabilityPeaksAboveTheThreshold() {
        FrameSignals p = part(0, 100);
        List<Float> model = new ArrayList<>(java.util.Collections.nCopies(100, 0.01f));
        model.set(30, 0.9f);
        model.set(31, 0.6f); // the same transition's shoulder
        model.set(60, 0.7f);
        model.set(80, 0.4f); // below the threshold
        p.setModel(model);
        List<ShotBoundary> found =
                new ModelShotDetector(0.5, 8).detect(VideoSignals.of(List.of(p)));
        assertThat(frames(found)).containsExactly(30L, 60L);
        assertThat(found).allSatisfy(b -> assertThat(b.getKind()).isEqualTo(ShotKind.CUT));
    }

    @Test
    void signalsFromSegmentsMustJoinWithoutGaps() {
        FrameSignals a = part(0, 10);
        assertThatThrownBy(() -> VideoSignals.of(List.of(a, part(12, 5))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(VideoSignals.of(List.of(part(10, 5), a)).frameCount()).isEqualTo(15);
    }

    static FrameSignals part(long first, int n) {
        List<Long> t = new ArrayList<>();
        List<Float> z = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            t.add(first + i);
            z.add(0f);
        }
        return FrameSignals.newBuilder()
                .setFirstFrame(first)
                .setLag(12)
                .setTimesUs(t)
                .setDiff1(z)
                .setDiff2(z)
                .setDiff3(z)
                .setDiff4(z)
                .setDiffLag(z)
                .setLuma(z)
                .setHist1(z)
                .setHistLag(z)
                .build();
    }
}
