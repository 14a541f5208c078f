package io.clipstream.operators.analysis.shots;

import io.clipstream.operators.analysis.ShotBoundaries;
import io.clipstream.schemas.ShotBoundary;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * clipstream's default shot detector: adaptive hard cuts with flashes removed, fades through black,
 * and dissolves, merged so that one transition gives one boundary, then a minimum shot length. Hard
 * cuts inside a dark run or within one feature lag (0.4 s) of it, where the picture fades out or
 * in, belong to the fade; dissolve footprints that touch a dark run or a hard cut are not
 * dissolves.
 */
public final class CombinedShotDetector implements ShotDetector {
    /** Tunables. */
    public record Settings(
            double adaptiveRatio,
            double minContent,
            double minHistogramChange,
            float blackLevel,
            double dissolveMinChange,
            int minShotFrames,
            boolean detectDissolves,
            double modelThreshold)
            implements Serializable {
        /**
         * A modelThreshold above 0 uses the model's per-frame probabilities instead of the
         * heuristics.
         */
        public static final Settings DEFAULT = new Settings(3.0, 8.0, 0.15, 20f, 18.0, 8, true, 0);

        public boolean useModel() {
            return modelThreshold > 0;
        }

        /**
         * These settings with the model's probabilities deciding, from the given threshold (0 for
         * off).
         */
        public Settings withModelThreshold(double threshold) {
            return new Settings(
                    adaptiveRatio,
                    minContent,
                    minHistogramChange,
                    blackLevel,
                    dissolveMinChange,
                    minShotFrames,
                    detectDissolves,
                    threshold);
        }

        /** These settings with dissolve detection on or off. */
        public Settings withDissolves(boolean detect) {
            return new Settings(
                    adaptiveRatio,
                    minContent,
                    minHistogramChange,
                    blackLevel,
                    dissolveMinChange,
                    minShotFrames,
                    detect,
                    modelThreshold);
        }
    }

    /** Share of near-black pixels that makes a frame dark (room for a title card's text). */
    static final double DARK_SHARE = 0.9;

    private final Settings settings;

    public CombinedShotDetector(Settings settings) {
        this.settings = settings;
    }

    @Override
    public List<ShotBoundary> detect(VideoSignals s) {
        if (settings.useModel()) {
            return new ModelShotDetector(settings.modelThreshold(), settings.minShotFrames())
                    .detect(s);
        }
        AdaptiveDetector adaptive =
                new AdaptiveDetector(
                        settings.adaptiveRatio(),
                        settings.minContent(),
                        2,
                        settings.minHistogramChange());
        DarkIntervals dark =
                DarkIntervals.find(s, DARK_SHARE, new FadeDetector(settings.blackLevel()));
        List<ShotBoundary> cuts = FlashFilter.defaults().apply(s, adaptive.detect(s));
        cuts = cuts.stream().filter(c -> !dark.covers((int) c.getFrame(), 2)).toList();
        List<ShotBoundary> all = new ArrayList<>(cuts);
        all.addAll(dark.boundaries());
        if (settings.detectDissolves()) {
            DissolveDetector dissolves =
                    new DissolveDetector(
                            settings.dissolveMinChange(),
                            DissolveDetector.MIN_HISTOGRAM_CHANGE,
                            0.34,
                            4);
            for (ShotBoundary d : dissolves.detect(s)) {
                int f = (int) d.getFrame();
                boolean nearCut = cuts.stream().anyMatch(c -> Math.abs(c.getFrame() - f) <= s.lag);
                if (!nearCut && !dark.covers(f, s.lag)) {
                    all.add(d);
                }
            }
        }
        all.sort(Comparator.comparingLong(ShotBoundary::getFrame));
        return ShotBoundaries.withMinimumShotLength(all, settings.minShotFrames());
    }
}
