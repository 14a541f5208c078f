package io.clipstream.operators.speech;

import io.clipstream.operators.media.Wav16kMono;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a stretch of 16 kHz audio is like, for the log line that explains a transcript with few or
 * no words: silent, clipped, band-limited like a telephone line, or sound in which the recogniser
 * found little speech (music, noise, another language).
 *
 * @param peakDb the loudest sample, dB relative to full scale
 * @param clippedShare share of samples at or next to full scale
 * @param highBandDb energy above about 4.5 kHz relative to all energy, dB; very low for audio that
 *     was 8 kHz before it was resampled
 */
public record AudioCondition(double peakDb, double clippedShare, double highBandDb) {
    /** Below this peak the track is taken as silent. */
    static final double SILENT_DB = -50;

    /** More than this share of samples at full scale is audible clipping. */
    static final double CLIPPED_SHARE = 0.001;

    /**
     * Wideband speech keeps -10 to -31 dB of its energy above 5 kHz (fricatives, breath; measured
     * on the LJ Speech, LibriSpeech and GRID recordings); 8 kHz audio resampled to 16 kHz has
     * nothing above 4 kHz, and the 8th-order high-pass lets through about -62 dB of its lower band.
     */
    static final double NARROW_BAND_DB = -45;

    /** A recogniser that finds fewer words than this per second of voice heard little speech. */
    static final double FEW_WORDS_PER_SECOND = 0.5;

    private static final int FULL_SCALE = 32_000;

    public static AudioCondition of(short[] samples) {
        int peak = 0;
        long clipped = 0;
        // four cascaded RBJ high-pass biquads at 5 kHz, Q 0.707: an 8th-order high-pass
        Biquad[] highPass = new Biquad[4];
        for (int i = 0; i < highPass.length; i++) {
            highPass[i] = Biquad.highPass(5_000, Wav16kMono.SAMPLE_RATE);
        }
        double all = 0;
        double high = 0;
        for (short s : samples) {
            int a = Math.abs((int) s);
            peak = Math.max(peak, a);
            if (a >= FULL_SCALE) {
                clipped++;
            }
            double h = s;
            for (Biquad b : highPass) {
                h = b.next(h);
            }
            all += (double) s * s;
            high += h * h;
        }
        double peakDb = 20 * Math.log10(Math.max(1, peak) / 32768.0);
        double highDb = all > 0 ? 10 * Math.log10(Math.max(high, 1e-12) / all) : 0;
        return new AudioCondition(
                peakDb, samples.length == 0 ? 0 : (double) clipped / samples.length, highDb);
    }

    /** Conditions that explain a transcript with few or no words. */
    public enum Finding {
        SILENT("silent"),
        NO_VOICE("no voice activity"),
        CLIPPED("clipped"),
        NARROW_BAND("narrow band (nothing above 4 kHz: telephone or 8 kHz audio)"),
        LITTLE_SPEECH("little speech recognised (music, noise or another language?)");

        private final String description;

        Finding(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

    /**
     * The conditions found: empty when the audio looks like clean wideband speech and the
     * recogniser found words in it.
     */
    public List<Finding> findings(double voiceSeconds, int words) {
        List<Finding> out = new ArrayList<>();
        if (peakDb < SILENT_DB) {
            out.add(Finding.SILENT);
            return out;
        }
        if (voiceSeconds == 0) {
            out.add(Finding.NO_VOICE);
        }
        if (clippedShare > CLIPPED_SHARE) {
            out.add(Finding.CLIPPED);
        }
        if (highBandDb < NARROW_BAND_DB && voiceSeconds > 0) {
            out.add(Finding.NARROW_BAND);
        }
        if (voiceSeconds >= 3 && words < FEW_WORDS_PER_SECOND * voiceSeconds) {
            out.add(Finding.LITTLE_SPEECH);
        }
        return out;
    }

    /** The findings with their measurements, for a log line. */
    public String describe(List<Finding> findings, double voiceSeconds) {
        List<String> parts = new ArrayList<>();
        for (Finding f : findings) {
            parts.add(
                    switch (f) {
                        case SILENT ->
                                String.format(Locale.ROOT, "silent (peak %.0f dBFS)", peakDb);
                        case CLIPPED ->
                                String.format(
                                        Locale.ROOT,
                                        "clipped (%.1f%% of samples at full scale)",
                                        100 * clippedShare);
                        case LITTLE_SPEECH ->
                                String.format(
                                        Locale.ROOT,
                                        "little speech recognised in %.1f s of sound (music, noise or another language?)",
                                        voiceSeconds);
                        default -> f.description();
                    });
        }
        return String.join(", ", parts);
    }

    /** A second-order IIR section (RBJ cookbook high-pass). */
    private static final class Biquad {
        private final double b0;
        private final double b1;
        private final double b2;
        private final double a1;
        private final double a2;
        private double x1;
        private double x2;
        private double y1;
        private double y2;

        private Biquad(double b0, double b1, double b2, double a1, double a2) {
            this.b0 = b0;
            this.b1 = b1;
            this.b2 = b2;
            this.a1 = a1;
            this.a2 = a2;
        }

        static Biquad highPass(double hz, double rate) {
            double w = 2 * Math.PI * hz / rate;
            double alpha = Math.sin(w) / (2 * Math.sqrt(0.5));
            double cos = Math.cos(w);
            double a0 = 1 + alpha;
            return new Biquad(
                    (1 + cos) / 2 / a0,
                    -(1 + cos) / a0,
                    (1 + cos) / 2 / a0,
                    -2 * cos / a0,
                    (1 - alpha) / a0);
        }

        double next(double x) {
            double y = b0 * x + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
            x2 = x1;
            x1 = x;
            y2 = y1;
            y1 = y;
            return y;
        }
    }
}
