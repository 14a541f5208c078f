package io.clipstream.operators.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.clipstream.schemas.AudioWindow;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

class AudioFeaturesTest {
    static final int RATE = 16_000;

    static short[] signal(double seconds, DoubleUnaryOperator f) {
        short[] out = new short[(int) (seconds * RATE)];
        for (int i = 0; i < out.length; i++) {
            out[i] = (short) Math.round(32767 * f.applyAsDouble((double) i / RATE));
        }
        return out;
    }

    /** A voice-like tone: harmonics of f with falling amplitude, peak about {@code level}. */
    static double voice(double t, double f, double level) {
        double v = 0;
        for (int h = 1; h <= 5; h++) {
            v += Math.sin(2 * Math.PI * f * h * t) / h;
        }
        return level * v / 2.3;
    }

    /** Like {@link #voice} but with the fundamental's phase (in cycles) given. */
    static double glide(double cycles, double level) {
        double v = 0;
        for (int h = 1; h <= 5; h++) {
            v += Math.sin(2 * Math.PI * cycles * h) / h;
        }
        return level * v / 2.3;
    }

    static List<AudioWindow> all(short[] s) {
        return AudioFeatures.windows(s, 0, 0, s.length / AudioFeatures.WINDOW_SAMPLES);
    }

    @Test
    void momentaryLoudnessOfAFullScaleReferenceToneIsMinusThreeLufs() {
        // BS.1770: a 997 Hz sine of peak amplitude A reads 20 log10(A) - 3.01 LUFS
        List<AudioWindow> w = all(signal(3, t -> 0.1 * Math.sin(2 * Math.PI * 997 * t)));
        assertThat(w.get(75).getLoudnessLufs()).isCloseTo(-23.01f, within(0.3f));
        assertThat(w.get(75).getLoudnessDb()).isCloseTo(-23.01f, within(0.1f));
    }

    @Test
    void loudnessIsFrequencyWeighted() {
        float low =
                all(signal(3, t -> 0.1 * Math.sin(2 * Math.PI * 30 * t))).get(75).getLoudnessLufs();
        float high =
                all(signal(3, t -> 0.1 * Math.sin(2 * Math.PI * 4000 * t)))
                        .get(75)
                        .getLoudnessLufs();
        // the K filter cuts deep bass and lifts the presence range by about 4 dB
        assertThat(low).isLessThan(-25f);
        assertThat(high).isGreaterThan(-21f);
    }

    @Test
    void yinFindsTheFundamentalAndNothingInNoise() {
        List<AudioWindow> w = all(signal(2, t -> voice(t, 147, 0.3)));
        assertThat(w.get(50).getPitchHz()).isCloseTo(147f, within(1.5f));
        assertThat(w.get(50).getPitchVariation()).isLessThan(0.2f);
        java.util.Random random = new java.util.Random(1);
        List<AudioWindow> noise = all(signal(2, t -> 0.2 * random.nextGaussian()));
        assertThat(noise.stream().filter(x -> x.getPitchHz() > 0).count()).isLessThan(5);
    }

    @Test
    void pitchVariationGrowsWithIntonation() {
        // a glide from 110 to 220 Hz over 3 s: one octave; the phase integrates the frequency
        double k = 3 / Math.log(2);
        List<AudioWindow> w = all(signal(3, t -> glide(110 * k * (Math.pow(2, t / 3) - 1), 0.3)));
        assertThat(w.get(75).getPitchHz()).isBetween(140f, 175f);
        assertThat(w.get(75).getPitchVariation()).isGreaterThan(2f);
    }

    @Test
    void speechRateCountsSyllableLikePulses() {
        // 4 voiced pulses a second: 100 ms on, 150 ms quiet
        List<AudioWindow> w =
                all(signal(4, t -> (t % 0.25) < 0.1 ? voice(t, 130, 0.3) : 0.001 * Math.sin(t)));
        assertThat(w.get(100).getSpeechRate()).isBetween(3.5f, 4.5f);
    }

    @Test
    void aSegmentComputesTheWindowsOfAWholeFilePass() {
        java.util.Random random = new java.util.Random(5);
        short[] s =
                signal(
                        8,
                        t ->
                                (t % 0.3) < 0.15
                                        ? voice(t, 120 + 40 * Math.sin(t), 0.2)
                                        : 0.003 * random.nextGaussian());
        int windows = s.length / AudioFeatures.WINDOW_SAMPLES;
        List<AudioWindow> whole = AudioFeatures.windows(s, 0, 0, windows);
        long first = 137;
        long last = 260;
        int from = (int) (first * AudioFeatures.WINDOW_SAMPLES - AudioFeatures.CONTEXT_SAMPLES);
        int to = (int) (last * AudioFeatures.WINDOW_SAMPLES + AudioFeatures.CONTEXT_SAMPLES);
        List<AudioWindow> part =
                AudioFeatures.windows(
                        Arrays.copyOfRange(s, from, to),
                        (int) (first * AudioFeatures.WINDOW_SAMPLES - from),
                        first,
                        last);
        for (int i = 0; i < part.size(); i++) {
            AudioWindow a = whole.get((int) first + i);
            AudioWindow b = part.get(i);
            assertThat(b.getStartUs()).isEqualTo(a.getStartUs());
            assertThat(b.getLoudnessDb()).isEqualTo(a.getLoudnessDb());
            assertThat(b.getPitchHz()).isEqualTo(a.getPitchHz());
            assertThat(b.getPitchVariation()).isEqualTo(a.getPitchVariation());
            assertThat(b.getSpeechRate()).isEqualTo(a.getSpeechRate());
            assertThat(b.getLoudnessLufs()).isCloseTo(a.getLoudnessLufs(), within(1e-3f));
        }
    }
}
