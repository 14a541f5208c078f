package io.clipstream.operators.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LoudnessTest {
    private static final int RATE = LoudnessMeter.RATE;

    static float[][] sine(double hz, double dbfs, double seconds, double phase) {
        int n = (int) (seconds * RATE);
        float[] x = new float[n];
        double a = Math.pow(10, dbfs / 20);
        for (int i = 0; i < n; i++) {
            x[i] = (float) (a * Math.sin(2 * Math.PI * hz * i / RATE + phase));
        }
        return new float[][] {x, x.clone()};
    }

    @Test
    void aStereoSineAtMinus23DbfsReadsMinus23Lufs() {
        // EBU Tech 3341, case 1 and 2: a 1 kHz sine at -23 and -33 dBFS on both channels
        assertThat(LoudnessMeter.integrated(sine(1000, -23, 20, 0))).isCloseTo(-23.0, offset(0.1));
        assertThat(LoudnessMeter.integrated(sine(1000, -33, 20, 0))).isCloseTo(-33.0, offset(0.1));
    }

    @Test
    void theRelativeGateLeavesOutTheQuietParts() {
        // EBU Tech 3341, case 3: 10 s at -36, 60 s at -23, 10 s at -36 dBFS reads -23 LUFS
        float[][] a = sine(1000, -36, 10, 0);
        float[][] b = sine(1000, -23, 60, 0);
        float[][] x = new float[2][a[0].length * 2 + b[0].length];
        for (int c = 0; c < 2; c++) {
            System.arraycopy(a[c], 0, x[c], 0, a[c].length);
            System.arraycopy(b[c], 0, x[c], a[c].length, b[c].length);
            System.arraycopy(a[c], 0, x[c], a[c].length + b[c].length, a[c].length);
        }
        assertThat(LoudnessMeter.integrated(x)).isCloseTo(-23.0, offset(0.1));
        assertThat(LoudnessMeter.integrated(new float[][] {new float[RATE], new float[RATE]}))
                .isEqualTo(LoudnessMeter.SILENT);
    }

    @Test
    void truePeakFindsThePeaksBetweenSamples() {
        // a quarter-rate sine at 45 degrees: every sample is at 0.707 of the peak (-3 dB)
        float[][] x = sine(RATE / 4.0, -6, 1, Math.PI / 4);
        double samplePeak = 0;
        for (float v : x[0]) {
            samplePeak = Math.max(samplePeak, Math.abs(v));
        }
        assertThat(20 * Math.log10(samplePeak)).isCloseTo(-9.0, offset(0.05));
        assertThat(LoudnessMeter.truePeak(x)).isCloseTo(-6.0, offset(0.3));
    }

    /** Speech-like: bursts of noise and tone with a high crest factor, and silences. */
    static float[][] bursts(double dbfs, long seed) {
        Random r = new Random(seed);
        int n = RATE * 12;
        float[] x = new float[n];
        double a = Math.pow(10, dbfs / 20);
        for (int i = 0; i < n; i++) {
            double t = (double) i / RATE;
            double env =
                    Math.max(0, Math.sin(2 * Math.PI * 1.7 * t)) * ((int) (t * 2) % 5 == 4 ? 0 : 1);
            double v =
                    0.6 * Math.sin(2 * Math.PI * 180 * t)
                            + 0.25 * Math.sin(2 * Math.PI * 2400 * t)
                            + 0.3 * r.nextGaussian();
            // occasional clicks: peaks far above the body of the sound
            if (r.nextInt(RATE / 3) == 0) {
                v += 2.5;
            }
            x[i] = (float) (a * env * v);
        }
        return new float[][] {x, x.clone()};
    }

    @Test
    void normalisingReachesTheTargetWithTruePeaksUnderTheCeiling() {
        for (double level : new double[] {-30, -20, -8}) {
            ClipAudio audio = ClipAudio.of(bursts(level, 7));
            audio.normalise(-14, -1);
            assertThat(LoudnessMeter.integrated(audio.channels()))
                    .as("from %s dBFS", level)
                    .isCloseTo(-14.0, offset(0.3));
            assertThat(LoudnessMeter.truePeak(audio.channels()))
                    .as("from %s dBFS", level)
                    .isLessThanOrEqualTo(-1.0);
            assertThat(audio.warning()).isNull();
        }
    }

    @Test
    void aNearlySilentClipIsRaisedAtMostTheCapAndSaysSo() {
        ClipAudio audio = ClipAudio.of(bursts(-62, 3));
        double before = LoudnessMeter.integrated(audio.channels());
        audio.normalise(-14, -1);
        // the gain is the cap; the reading rises a little less because more blocks now pass the
        // gate
        assertThat(audio.loudness() - before).isBetween(20.0, ClipAudio.MAX_GAIN_DB + 0.1);
        assertThat(audio.warning()).contains("very quiet");
    }

    @Test
    void joinsAreCrossfadedWithoutAStep() {
        // a steady tone cut in two places at arbitrary phases: without a crossfade the join jumps
        double[] steps = joinSteps(ClipAudio.CROSSFADE_US);
        assertThat(steps[0])
                .as("largest step at a join vs in the tone around it")
                .isLessThanOrEqualTo(steps[1] * 1.05);
        double[] hard = joinSteps(0);
        assertThat(hard[0]).as("control: a butt join clicks").isGreaterThan(hard[1] * 3);
    }

    /** {largest sample step within 5 ms of a join, largest step 20-100 ms from any join}. */
    private static double[] joinSteps(long crossfadeUs) {
        float[][] tone = sine(317, -12, 3, 0); // not a whole number of cycles per frame
        ClipTimeline timeline =
                ClipTimeline.ofFrames(
                        30,
                        java.util.List.of(
                                new long[] {0, 23}, new long[] {37, 51}, new long[] {66, 88}));
        ClipAudio cut = ClipAudio.assemble(tone, 0, timeline, crossfadeUs);
        float[] x = cut.channels()[0];
        double near = 0;
        double around = 0;
        for (int i = 1; i < x.length; i++) {
            double step = Math.abs(x[i] - x[i - 1]);
            double t = i * 1e6 / RATE;
            double d = Double.MAX_VALUE;
            for (int p = 1; p < timeline.pieces(); p++) {
                d = Math.min(d, Math.abs(t - timeline.pieceOutputStartUs(p)));
            }
            if (d < 5_000) {
                near = Math.max(near, step);
            } else if (d > 20_000 && d < 100_000) {
                around = Math.max(around, step);
            }
        }
        return new double[] {near, around};
    }
}
