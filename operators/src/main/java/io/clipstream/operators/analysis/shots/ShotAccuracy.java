package io.clipstream.operators.analysis.shots;

import java.util.List;
import java.util.Locale;

/**
 * Precision, recall and F1 of detected boundaries against true ones, matching each true boundary to
 * at most one detection within {@code tolerance} frames (closest first).
 */
public record ShotAccuracy(int truePositives, int falsePositives, int falseNegatives) {

    public static ShotAccuracy of(List<Long> truth, List<Long> detected, int tolerance) {
        boolean[] used = new boolean[detected.size()];
        int tp = 0;
        for (long t : truth) {
            int best = -1;
            long bestDistance = Long.MAX_VALUE;
            for (int d = 0; d < detected.size(); d++) {
                long distance = Math.abs(detected.get(d) - t);
                if (!used[d] && distance <= tolerance && distance < bestDistance) {
                    best = d;
                    bestDistance = distance;
                }
            }
            if (best >= 0) {
                used[best] = true;
                tp++;
            }
        }
        return new ShotAccuracy(tp, detected.size() - tp, truth.size() - tp);
    }

    /** Sums counts over several videos. */
    public ShotAccuracy plus(ShotAccuracy other) {
        return new ShotAccuracy(
                truePositives + other.truePositives,
                falsePositives + other.falsePositives,
                falseNegatives + other.falseNegatives);
    }

    public double precision() {
        return truePositives + falsePositives == 0
                ? 1.0
                : truePositives / (double) (truePositives + falsePositives);
    }

    public double recall() {
        return truePositives + falseNegatives == 0
                ? 1.0
                : truePositives / (double) (truePositives + falseNegatives);
    }

    public double f1() {
        double p = precision();
        double r = recall();
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    @Override
    public String toString() {
        return String.format(
                Locale.ROOT,
                "P %.3f  R %.3f  F1 %.3f  (tp %d, fp %d, fn %d)",
                precision(),
                recall(),
                f1(),
                truePositives,
                falsePositives,
                falseNegatives);
    }
}
