package io.clipstream.operators.render.captions;

/**
 * The part of an output that players leave visible: vertical players (TikTok, Reels, Shorts) lay
 * their caption, name and buttons over the bottom fifth and the right edge and their tabs over the
 * top; square and landscape players overlay less. Captions and logos stay inside.
 */
public record SafeArea(int outW, int outH, int left, int top, int right, int bottom) {

    public static SafeArea of(int outW, int outH) {
        double ratio = (double) outW / outH;
        if (ratio < 0.8) { // 9:16, 2:3: the vertical players' overlays
            return new SafeArea(
                    outW, outH, pct(outW, 0.12), pct(outH, 0.12), pct(outW, 0.12), pct(outH, 0.25));
        }
        if (ratio <= 1.25) { // 1:1, 4:5
            return new SafeArea(
                    outW, outH, pct(outW, 0.07), pct(outH, 0.07), pct(outW, 0.07), pct(outH, 0.14));
        }
        return new SafeArea( // 16:9 and wider
                outW, outH, pct(outW, 0.06), pct(outH, 0.06), pct(outW, 0.06), pct(outH, 0.10));
    }

    private static int pct(int size, double f) {
        return (int) Math.round(size * f);
    }

    /** Width captions may take, centred. */
    public int width() {
        return outW - 2 * Math.max(left, right);
    }

    /** Where the centre of a caption block of height {@code h} goes for a kit position. */
    public double captionCentre(String position, int h) {
        double lo = top + h / 2.0;
        double hi = outH - bottom - h / 2.0;
        double want =
                switch (position) {
                    case "top" -> lo;
                    case "middle" -> outH / 2.0;
                    case "bottom" -> hi;
                    default -> Double.parseDouble(position) * outH;
                };
        return hi < lo ? (lo + hi) / 2 : Math.max(lo, Math.min(hi, want));
    }

    /** Top-left corner of a logo of {@code w x h} in a corner of the safe area. */
    public int[] corner(String corner, int w, int h) {
        int margin = Math.round(Math.min(outW, outH) * 0.04f);
        int x =
                corner.endsWith("left")
                        ? Math.max(margin, left / 2)
                        : outW - Math.max(margin, right / 2) - w;
        int y = corner.startsWith("top") ? Math.max(margin, top / 2) : outH - bottom - h;
        return new int[] {Math.max(0, x) & ~1, Math.max(0, y) & ~1};
    }
}
