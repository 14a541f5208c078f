package io.clipstream.operators.analysis.shots;

/**
 * A 32x18 BGR thumbnail of an analysis frame (box means over its cells), and the mean absolute
 * difference of two. So small that comparing a frame with every frame of the last 0.4 s costs
 * nothing, and coarse enough that motion blur and noise do not hide that two pictures show the same
 * scene: the test for "the picture came back" after an occluder or a flash.
 */
final class Thumbnail {
    static final int W = 32;
    static final int H = 18;

    private Thumbnail() {}

    /**
     * The thumbnail of a packed BGR frame {@code width} pixels wide: cells are spread evenly over
     * the frame's width and height; {@code reuse} may be null.
     */
    static float[] of(byte[] bgr, int width, float[] reuse) {
        float[] out = reuse != null && reuse.length == W * H * 3 ? reuse : new float[W * H * 3];
        java.util.Arrays.fill(out, 0f);
        int height = bgr.length / 3 / width;
        int[] counts = new int[W * H];
        for (int y = 0; y < height; y++) {
            int cy = Math.min(H - 1, y * H / height);
            for (int x = 0; x < width; x++) {
                int cell = cy * W + Math.min(W - 1, x * W / width);
                int i = (y * width + x) * 3;
                out[cell * 3] += bgr[i] & 0xff;
                out[cell * 3 + 1] += bgr[i + 1] & 0xff;
                out[cell * 3 + 2] += bgr[i + 2] & 0xff;
                counts[cell]++;
            }
        }
        for (int c = 0; c < W * H; c++) {
            int n = Math.max(1, counts[c]);
            out[c * 3] /= n;
            out[c * 3 + 1] /= n;
            out[c * 3 + 2] /= n;
        }
        return out;
    }

    static float difference(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.abs(a[i] - b[i]);
        }
        return (float) (sum / a.length);
    }
}
