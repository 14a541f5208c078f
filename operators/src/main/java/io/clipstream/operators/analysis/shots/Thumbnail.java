package io.clipstream.operators.analysis.shots;

/**
 * A 16x9 colour thumbnail of an analysis frame (box means over its cells), and the mean absolute
 * difference of two. So small that comparing a frame with every frame of the last 0.4 s costs
 * nothing, and coarse enough that motion blur and noise do not hide that two pictures show the same
 * scene: the test for "the picture came back" after an occluder or a flash.
 */
final class Thumbnail {
    static final int W = 16;
    static final int H = 9;

    private Thumbnail() {}

    /**
     * The thumbnail of a frame from its {@link MotionCompensation} thumbnail (64x36, three planes),
     * by averaging 4x4 cells: the frame's pixels are read once for both.
     */
    static float[] of(float[] planes, float[] reuse) {
        float[] out = reuse != null && reuse.length == W * H * 3 ? reuse : new float[W * H * 3];
        int sw = MotionCompensation.W;
        int plane = sw * MotionCompensation.H;
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < H; y++) {
                for (int x = 0; x < W; x++) {
                    float sum = 0;
                    for (int dy = 0; dy < 4; dy++) {
                        int a = c * plane + (4 * y + dy) * sw + 4 * x;
                        sum += planes[a] + planes[a + 1] + planes[a + 2] + planes[a + 3];
                    }
                    out[(c * H + y) * W + x] = sum / 16;
                }
            }
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
