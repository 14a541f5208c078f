package io.clipstream.operators.analysis;

import io.clipstream.schemas.ShotBoundary;
import io.clipstream.schemas.ShotKind;
import java.util.ArrayList;
import java.util.List;

/**
 * Hard-cut detector: the mean absolute difference of hue, saturation and value between consecutive
 * downscaled frames (hue on a 0-180 circle, saturation and value 0-255). A frame whose score
 * reaches the threshold starts a new shot.
 *
 * <p>It keeps only the previous frame, so a segment can be analysed on its own if it is given the
 * frame before its first one; candidates are filtered for minimum shot length over the whole video
 * afterwards ({@link ShotBoundaries#withMinimumShotLength}).
 */
public final class ContentShotDetector {
    private final double threshold;
    private byte[] previousHsv;
    private byte[] currentHsv;
    private final List<ShotBoundary> boundaries = new ArrayList<>();

    public ContentShotDetector(double threshold) {
        this.threshold = threshold;
    }

    /**
     * Feeds the next frame, packed BGR (3 bytes a pixel), all frames the same size.
     *
     * @param report whether a boundary at this frame belongs to this detector's output; the first
     *     frame of a segment is fed only to give its successor a predecessor
     */
    public void accept(byte[] bgr, long frame, long timeUs, boolean report) {
        if (currentHsv == null || currentHsv.length != bgr.length) {
            currentHsv = new byte[bgr.length];
        }
        toHsv(bgr, currentHsv);
        if (previousHsv != null && report) {
            double score = score(previousHsv, currentHsv);
            if (score >= threshold) {
                boundaries.add(new ShotBoundary(timeUs, frame, ShotKind.CUT, (float) score));
            }
        }
        byte[] swap = previousHsv;
        previousHsv = currentHsv;
        currentHsv = swap;
    }

    public List<ShotBoundary> boundaries() {
        return boundaries;
    }

    /** Mean of the three per-channel mean absolute differences. */
    static double score(byte[] a, byte[] b) {
        long dh = 0;
        long ds = 0;
        long dv = 0;
        for (int i = 0; i < a.length; i += 3) {
            int h = Math.abs((a[i] & 0xff) - (b[i] & 0xff));
            dh += Math.min(h, 180 - h);
            ds += Math.abs((a[i + 1] & 0xff) - (b[i + 1] & 0xff));
            dv += Math.abs((a[i + 2] & 0xff) - (b[i + 2] & 0xff));
        }
        double pixels = a.length / 3.0;
        return (dh + ds + dv) / (3.0 * pixels);
    }

    /** BGR to HSV with hue in [0,180), as OpenCV defines it. */
    static void toHsv(byte[] bgr, byte[] hsv) {
        for (int i = 0; i < bgr.length; i += 3) {
            int b = bgr[i] & 0xff;
            int g = bgr[i + 1] & 0xff;
            int r = bgr[i + 2] & 0xff;
            int max = Math.max(r, Math.max(g, b));
            int min = Math.min(r, Math.min(g, b));
            int delta = max - min;
            int h;
            if (delta == 0) {
                h = 0;
            } else if (max == r) {
                h = (30 * (g - b) / delta + 180) % 180;
            } else if (max == g) {
                h = 60 + 30 * (b - r) / delta;
            } else {
                h = 120 + 30 * (r - g) / delta;
            }
            hsv[i] = (byte) h;
            hsv[i + 1] = (byte) (max == 0 ? 0 : 255 * delta / max);
            hsv[i + 2] = (byte) max;
        }
    }
}
