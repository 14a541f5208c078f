package io.clipstream.operators.analysis.shots;

import static org.assertj.core.api.Assertions.assertThat;

import io.clipstream.schemas.ShotBoundary;
import io.clipstream.schemas.ShotKind;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The rules added for real footage, each on made-up pictures or signals with a known answer. */
class RealFootageRulesTest {
    private static byte[] texture(long seed, int w, int h) {
        Random r = new Random(seed);
        byte[] bgr = new byte[w * h * 3];
        // 8x8 blocks of random colour: content that block matching can lock on to
        for (int by = 0; by < h; by += 8) {
            for (int bx = 0; bx < w; bx += 8) {
                int b = r.nextInt(200) + 20;
                int g = r.nextInt(200) + 20;
                int red = r.nextInt(200) + 20;
                for (int y = by; y < Math.min(h, by + 8); y++) {
                    for (int x = bx; x < Math.min(w, bx + 8); x++) {
                        int i = (y * w + x) * 3;
                        bgr[i] = (byte) b;
                        bgr[i + 1] = (byte) g;
                        bgr[i + 2] = (byte) red;
                    }
                }
            }
        }
        return bgr;
    }

    private static byte[] shifted(byte[] bgr, int w, int h, int dx, int brighter) {
        byte[] out = new byte[bgr.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int sx = Math.min(w - 1, Math.max(0, x - dx));
                for (int c = 0; c < 3; c++) {
                    int v = (bgr[(y * w + sx) * 3 + c] & 0xff) + brighter;
                    out[(y * w + x) * 3 + c] = (byte) Math.min(255, v);
                }
            }
        }
        return out;
    }

    private static float motionDiff(byte[] a, byte[] b, int w) {
        return MotionCompensation.difference(
                MotionCompensation.grey(a, w, null), MotionCompensation.grey(b, w, null));
    }

    @Test
    void motionAndLightAreExplainedButANewPictureIsNot() {
        int w = 128;
        int h = 72;
        byte[] a = texture(1, w, h);
        assertThat(motionDiff(a, a, w)).isZero();
        assertThat(motionDiff(a, shifted(a, w, h, 6, 0), w)).as("pan").isLessThan(4f);
        assertThat(motionDiff(a, shifted(a, w, h, 0, 8), w)).as("light").isLessThan(1f);
        assertThat(motionDiff(a, texture(2, w, h), w)).as("new picture").isGreaterThan(15f);
    }

    @Test
    void aLongDarkIntervalIsAShotWithAFadeInAndACutOut() {
        DetectorsTest.Builder b = new DetectorsTest.Builder(200);
        for (int i = 40; i < 52; i++) {
            b.luma[i] = 120f * (51 - i) / 12f; // fade out over 12 frames
        }
        for (int i = 52; i < 100; i++) {
            b.luma[i] = 5f; // 1.6 s of black at 30 fps
        }
        List<ShotBoundary> found =
                DarkIntervals.find(
                                b.build(), CombinedShotDetector.DARK_SHARE, FadeDetector.defaults())
                        .boundaries();
        assertThat(found)
                .extracting(ShotBoundary::getFrame)
                .containsExactly(50L, 100L); // frame 50 is the first below the black level
        assertThat(found)
                .extracting(ShotBoundary::getKind)
                .containsExactly(ShotKind.FADE, ShotKind.CUT);
    }

    @Test
    void aShortDipToBlackIsOneFadeInItsMiddleAndBlackAtTheEdgesIsNone() {
        DetectorsTest.Builder b = new DetectorsTest.Builder(200);
        for (int i = 0; i < 10; i++) {
            b.luma[i] = 5f; // the film starts black
        }
        for (int i = 100; i < 106; i++) {
            b.luma[i] = 5f;
        }
        for (int i = 190; i < 200; i++) {
            b.luma[i] = 5f; // and ends black
        }
        DarkIntervals dark =
                DarkIntervals.find(
                        b.build(), CombinedShotDetector.DARK_SHARE, FadeDetector.defaults());
        assertThat(dark.boundaries()).extracting(ShotBoundary::getFrame).containsExactly(103L);
        assertThat(dark.covers(5, 0)).isTrue();
        assertThat(dark.covers(50, 2)).isFalse();
    }
}
