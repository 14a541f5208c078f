package io.clipstream.operators.analysis.shots;

/**
 * How different a frame is from the previous one once motion and lighting are accounted for. Each
 * 8x6 block of a 64x36 grey thumbnail looks for its best match in the previous thumbnail within 4
 * pixels across and 3 down (a sixteenth of the picture's width), allowing the block's brightness to
 * shift by up to 10 grey levels; the result is the mean of the best matches. A pan, a moving
 * subject, blur that smears the same content, or a light change leave it low; a cut to a new
 * picture has no match anywhere and keeps it high.
 */
final class MotionCompensation {
    static final int W = 64;
    static final int H = 36;
    private static final int BW = 8;
    private static final int BH = 6;
    private static final int SX = 4;
    private static final int SY = 3;

    /** Brightness shifts up to this (grey levels) between matched blocks are light, not content. */
    private static final double MAX_LIGHT_SHIFT = 10;

    private MotionCompensation() {}

    /** The thumbnail (three planes: B, G, R) of a packed BGR frame {@code width} pixels wide. */
    static float[] grey(byte[] bgr, int width, float[] reuse) {
        int plane = W * H;
        float[] out = reuse != null && reuse.length == 3 * plane ? reuse : new float[3 * plane];
        java.util.Arrays.fill(out, 0f);
        int height = bgr.length / 3 / width;
        if (width == 2 * W && height == 2 * H) {
            return halve(bgr, out);
        }
        int[] counts = new int[plane];
        int[] column = new int[width];
        for (int x = 0; x < width; x++) {
            column[x] = Math.min(W - 1, x * W / width);
        }
        for (int y = 0; y < height; y++) {
            int row = Math.min(H - 1, y * H / height) * W;
            int i = y * width * 3;
            for (int x = 0; x < width; x++, i += 3) {
                int cell = row + column[x];
                out[cell] += bgr[i] & 0xff;
                out[plane + cell] += bgr[i + 1] & 0xff;
                out[2 * plane + cell] += bgr[i + 2] & 0xff;
                counts[cell]++;
            }
        }
        for (int c = 0; c < plane; c++) {
            int n = Math.max(1, counts[c]);
            out[c] /= n;
            out[plane + c] /= n;
            out[2 * plane + c] /= n;
        }
        return out;
    }

    /** The thumbnail of a frame exactly twice its size (128x72, the default): 2x2 means. */
    private static float[] halve(byte[] bgr, float[] out) {
        int plane = W * H;
        int row = 2 * W * 3;
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int i = 2 * y * row + 2 * x * 3;
                int cell = y * W + x;
                for (int c = 0; c < 3; c++) {
                    int sum =
                            (bgr[i + c] & 0xff)
                                    + (bgr[i + 3 + c] & 0xff)
                                    + (bgr[i + row + c] & 0xff)
                                    + (bgr[i + row + 3 + c] & 0xff);
                    out[c * plane + cell] = sum / 4f;
                }
            }
        }
        return out;
    }

    /** The motion-compensated difference of {@code current} to {@code previous}. */
    static float difference(float[] previous, float[] current) {
        double[] sums = integral(previous);
        double total = 0;
        int blocks = 0;
        double[] meanA = new double[3];
        int area = BW * BH;
        for (int by = 0; by + BH <= H; by += BH) {
            for (int bx = 0; bx + BW <= W; bx += BW) {
                for (int c = 0; c < 3; c++) {
                    meanA[c] = mean(current, c, bx, by);
                }
                // Coarse to fine: the unmoved block, every second shift, then the eight shifts
                // around the best of those; a quarter of an exhaustive search's cost.
                double best = sad(previous, current, sums, bx, by, 0, 0, meanA, Double.MAX_VALUE);
                int bestX = 0;
                int bestY = 0;
                for (int dy = -SY + 1; dy <= SY; dy += 2) {
                    for (int dx = -SX; dx <= SX; dx += 2) {
                        double d = sad(previous, current, sums, bx, by, dx, dy, meanA, best);
                        if (d < best) {
                            best = d;
                            bestX = dx;
                            bestY = dy;
                        }
                    }
                }
                int cx = bestX;
                int cy = bestY;
                for (int dy = cy - 1; dy <= cy + 1; dy++) {
                    for (int dx = cx - 1; dx <= cx + 1; dx++) {
                        if (Math.abs(dx) <= SX && Math.abs(dy) <= SY && (dx != cx || dy != cy)) {
                            best =
                                    Math.min(
                                            best,
                                            sad(
                                                    previous, current, sums, bx, by, dx, dy, meanA,
                                                    best));
                        }
                    }
                }
                total += best;
                blocks++;
            }
        }
        return (float) (total / blocks);
    }

    /**
     * Mean absolute difference of the block at ({@code bx}, {@code by}) to the previous frame's
     * block shifted by ({@code dx}, {@code dy}), brightness shifts up to the limit removed; stops
     * early, returning at least {@code best}, once it cannot beat it; MAX_VALUE off the picture.
     */
    private static double sad(
            float[] previous,
            float[] current,
            double[] sums,
            int bx,
            int by,
            int dx,
            int dy,
            double[] meanA,
            double best) {
        int x0 = bx + dx;
        int y0 = by + dy;
        if (x0 < 0 || x0 + BW > W || y0 < 0 || y0 + BH > H) {
            return Double.MAX_VALUE;
        }
        int area = BW * BH;
        double limit = best * area * 3;
        double sad = 0;
        for (int c = 0; c < 3 && sad < limit; c++) {
            double meanB = boxSum(sums, c, x0, y0) / area;
            float o =
                    (float) Math.max(-MAX_LIGHT_SHIFT, Math.min(MAX_LIGHT_SHIFT, meanA[c] - meanB));
            int base = c * W * H;
            for (int y = 0; y < BH && sad < limit; y++) {
                int a = base + (by + y) * W + bx;
                int b = base + (y0 + y) * W + x0;
                for (int x = 0; x < BW; x++) {
                    sad += Math.abs(current[a + x] - previous[b + x] - o);
                }
            }
        }
        return sad / (area * 3);
    }

    /** Summed-area tables of the three planes, one row and column larger than a plane. */
    private static double[] integral(float[] img) {
        int w = W + 1;
        int h = H + 1;
        double[] sums = new double[3 * w * h];
        for (int c = 0; c < 3; c++) {
            int base = c * w * h;
            for (int y = 0; y < H; y++) {
                double row = 0;
                for (int x = 0; x < W; x++) {
                    row += img[c * W * H + y * W + x];
                    sums[base + (y + 1) * w + x + 1] = sums[base + y * w + x + 1] + row;
                }
            }
        }
        return sums;
    }

    private static double boxSum(double[] sums, int c, int x0, int y0) {
        int w = W + 1;
        int base = c * w * (H + 1);
        return sums[base + (y0 + BH) * w + x0 + BW]
                - sums[base + y0 * w + x0 + BW]
                - sums[base + (y0 + BH) * w + x0]
                + sums[base + y0 * w + x0];
    }

    private static double mean(float[] img, int channel, int x0, int y0) {
        double sum = 0;
        int base = channel * W * H;
        for (int y = y0; y < y0 + BH; y++) {
            for (int x = x0; x < x0 + BW; x++) {
                sum += img[base + y * W + x];
            }
        }
        return sum / (BW * BH);
    }
}
