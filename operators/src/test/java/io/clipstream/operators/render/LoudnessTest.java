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

    /**
     * The meter filters, measures and limits sample by sample instead of in copies of the clip's
     * length: its figures are the array computation's, exactly, on real speech and on speech-like
     * bursts with clicks; the limiter's smoothing is the same average to within rounding.
     */
    @Test
    void measuringAsItGoesGivesTheFiguresOfWholeArrays() throws Exception {
        java.nio.file.Path speech =
                io.clipstream.operators.testing.RealFootage.file("speech/ljspeech_LJ001-0001.wav");
        float[][] real = ClipAudio.decodeFile(speech);
        assertThat(real[0].length).as("real speech decoded").isGreaterThan(RATE * 5);
        for (float[][] x : java.util.List.of(real, bursts(-20, 7), sine(997, -6, 2, 0.3))) {
            assertThat(LoudnessMeter.integrated(x)).isEqualTo(arrayIntegrated(x));
            assertThat(LoudnessMeter.truePeak(x)).isEqualTo(arrayTruePeak(x));
            // pieces of decoder-frame sizes, down to one sample
            Random r = new Random(x[0].length);
            LoudnessMeter.PeakTracker tracker = new LoudnessMeter.PeakTracker(2);
            for (int at = 0; at < x[0].length; ) {
                int n = Math.min(x[0].length - at, r.nextInt(4) == 0 ? 1 : 1 + r.nextInt(2048));
                for (int c = 0; c < 2; c++) {
                    tracker.add(c, java.nio.FloatBuffer.wrap(x[c], at, n));
                }
                at += n;
            }
            assertThat(tracker.finish()).isEqualTo(arrayTruePeak(x));
            float[][] limited = {x[0].clone(), x[1].clone()};
            float[][] reference = {x[0].clone(), x[1].clone()};
            double ceiling = Math.pow(10, (LoudnessMeter.truePeak(x) - 6) / 20);
            ClipAudio.limit(limited, ceiling);
            arrayLimit(reference, ceiling);
            for (int c = 0; c < 2; c++) {
                for (int i = 0; i < limited[c].length; i++) {
                    assertThat((double) limited[c][i]).isCloseTo(reference[c][i], offset(1e-6));
                }
            }
        }
        // the file as the renderer checks it after encoding: decoded and measured in pieces
        assertThat(ClipAudio.truePeakOfFile(speech)).isEqualTo(arrayTruePeak(real));
    }

    // The computation as it was: K-weighted and enveloped copies of the whole clip.

    private static double arrayIntegrated(float[][] channels) {
        int n = channels[0].length;
        int step = RATE / 10;
        int block = RATE * 4 / 10;
        double[] sums = new double[(n + step - 1) / step];
        for (float[] ch : channels) {
            double[] y = new double[n];
            double x1 = 0, x2 = 0, y1 = 0, y2 = 0;
            for (int i = 0; i < n; i++) {
                double v =
                        1.53512485958697 * ch[i]
                                + -2.69169618940638 * x1
                                + 1.19839281085285 * x2
                                - -1.69065929318241 * y1
                                - 0.73248077421585 * y2;
                x2 = x1;
                x1 = ch[i];
                y2 = y1;
                y1 = v;
                y[i] = v;
            }
            x1 = 0;
            x2 = 0;
            y1 = 0;
            y2 = 0;
            for (int i = 0; i < n; i++) {
                double v = y[i] - 2 * x1 + x2 + 1.99004745483398 * y1 - 0.99007225036621 * y2;
                x2 = x1;
                x1 = y[i];
                y2 = y1;
                y1 = v;
                sums[i / step] += v * v;
            }
        }
        int perBlock = block / step;
        int blocks = Math.max(1, sums.length - perBlock + 1);
        double[] z = new double[blocks];
        for (int b = 0; b < blocks; b++) {
            for (int q = b; q < Math.min(sums.length, b + perBlock); q++) {
                z[b] += sums[q];
            }
            z[b] /= block;
        }
        double sum = 0;
        int count = 0;
        for (double v : z) {
            if (lufs(v) > -70) {
                sum += v;
                count++;
            }
        }
        double relative = lufs(sum / count) - 10;
        sum = 0;
        count = 0;
        for (double v : z) {
            if (lufs(v) > -70 && lufs(v) > relative) {
                sum += v;
                count++;
            }
        }
        return lufs(sum / count);
    }

    private static double lufs(double meanSquare) {
        return meanSquare <= 0 ? -200 : -0.691 + 10 * Math.log10(meanSquare);
    }

    private static float[] arrayEnvelope(float[] x) {
        float[] env = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            env[i] = LoudnessMeter.peakAround(x, x.length, i);
        }
        return env;
    }

    private static double arrayTruePeak(float[][] channels) {
        double peak = 0;
        for (float[] ch : channels) {
            for (float v : arrayEnvelope(ch)) {
                peak = Math.max(peak, v);
            }
        }
        return peak <= 0 ? -200 : 20 * Math.log10(peak);
    }

    private static void arrayLimit(float[][] channels, double limit) {
        int n = channels[0].length;
        float[] need = new float[n];
        java.util.Arrays.fill(need, 1f);
        for (float[] ch : channels) {
            float[] env = arrayEnvelope(ch);
            for (int i = 0; i < n; i++) {
                if (env[i] > limit) {
                    need[i] = (float) Math.min(need[i], limit / env[i]);
                }
            }
        }
        int w = RATE * 3 / 1000;
        float[] min = new float[n];
        for (int i = 0; i < n; i++) {
            float m = Float.MAX_VALUE;
            for (int j = Math.max(0, i - w); j <= Math.min(n - 1, i + w); j++) {
                m = Math.min(m, need[j]);
            }
            min[i] = m;
        }
        double[] prefix = new double[n + 2 * w + 2];
        for (int j = -w; j < n + w; j++) {
            prefix[j + w + 1] = prefix[j + w] + min[Math.max(0, Math.min(n - 1, j))];
        }
        double coef = 1.0 / (RATE * 80 / 1000);
        double g = 1;
        for (int i = 0; i < n; i++) {
            double smooth = (float) ((prefix[i + 2 * w + 1] - prefix[i]) / (2 * w + 1));
            g = Math.min(smooth, g + (1 - g) * coef);
            for (float[] ch : channels) {
                ch[i] = (float) (ch[i] * g);
            }
        }
    }
}
