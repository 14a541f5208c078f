package io.clipstream.operators.analysis.framing;

import io.clipstream.schemas.CropKeyframe;
import io.clipstream.schemas.CropPath;
import java.util.List;

/** Reads a {@link CropPath} at any time: the window(s) in force, interpolated along a pan. */
public final class CropWindows {
    private CropWindows() {}

    /** Where to crop at one instant; {@code x2..height2} only for the split layout. */
    public record Window(
            String layout,
            int x,
            int y,
            int width,
            int height,
            int x2,
            int y2,
            int width2,
            int height2) {
        public boolean split() {
            return "split".equals(layout);
        }

        public boolean letterbox() {
            return "letterbox".equals(layout);
        }
    }

    /**
     * The window at source time {@code timeUs}: the last keyframe at or before it (the first one
     * before the path starts), moved linearly towards the next keyframe when it glides. Positions
     * are rounded to even pixels, as 4:2:0 chroma needs.
     */
    public static Window at(CropPath path, long timeUs) {
        List<CropKeyframe> keys = path.getKeyframes();
        int i = keyIndex(path, timeUs);
        CropKeyframe k = keys.get(i);
        if (!k.getGlide() || i + 1 >= keys.size() || timeUs <= k.getTimeUs()) {
            return of(k);
        }
        CropKeyframe n = keys.get(i + 1);
        double f = (double) (timeUs - k.getTimeUs()) / (n.getTimeUs() - k.getTimeUs());
        return new Window(
                k.getLayout(),
                lerp(k.getX(), n.getX(), f),
                lerp(k.getY(), n.getY(), f),
                lerp(k.getWidth(), n.getWidth(), f),
                lerp(k.getHeight(), n.getHeight(), f),
                lerp(k.getX2(), n.getX2(), f),
                lerp(k.getY2(), n.getY2(), f),
                lerp(k.getWidth2(), n.getWidth2(), f),
                lerp(k.getHeight2(), n.getHeight2(), f));
    }

    /** The index of the keyframe in force at {@code timeUs} (the first one before the path). */
    public static int keyIndex(CropPath path, long timeUs) {
        List<CropKeyframe> keys = path.getKeyframes();
        int i = 0;
        while (i + 1 < keys.size() && keys.get(i + 1).getTimeUs() <= timeUs) {
            i++;
        }
        return i;
    }

    static Window of(CropKeyframe k) {
        return new Window(
                k.getLayout(),
                k.getX(),
                k.getY(),
                k.getWidth(),
                k.getHeight(),
                k.getX2(),
                k.getY2(),
                k.getWidth2(),
                k.getHeight2());
    }

    private static int lerp(int a, int b, double f) {
        return (int) Math.round((a + (b - a) * f) / 2.0) * 2;
    }
}
