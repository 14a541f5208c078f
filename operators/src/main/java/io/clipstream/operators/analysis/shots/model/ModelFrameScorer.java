package io.clipstream.operators.analysis.shots.model;

import java.io.IOException;
import java.util.TreeMap;

/**
 * Runs the transition network over a video in windows fixed to a global grid, TransNetV2 style:
 * window {@code w} holds frames {@code [50w - 25, 50w + 75)} and its predictions are kept for the
 * middle frames {@code [50w, 50w + 50)}. Frames before the first or after the last frame of the
 * video repeat the edge frame. Because the grid is global, a segment that has the frames up to
 * {@link #CONTEXT} before and after its own gets exactly the probabilities of a whole-file pass.
 */
public final class ModelFrameScorer {
    public static final int WINDOW = 100;
    public static final int STEP = 50;

    /** Frames a segment needs before and after its own frames. */
    public static final int CONTEXT = WINDOW - STEP / 2;

    private final TransitionModel model;

    public ModelFrameScorer(TransitionModel model) {
        this.model = model;
    }

    /**
     * Probabilities for frames {@code [first, end)}.
     *
     * @param frames decoded small frames by index; must cover the windows around the range, except
     *     beyond the video's ends
     * @param frameCount frames in the whole video
     */
    public float[] score(TreeMap<Long, byte[]> frames, long first, long end, long frameCount)
            throws IOException {
        float[] out = new float[(int) (end - first)];
        long lastFrame = frameCount - 1;
        for (long w = Math.floorDiv(first, STEP); w * STEP < end; w++) {
            long windowStart = w * STEP - (WINDOW - STEP) / 2;
            byte[][] window = new byte[WINDOW][];
            for (int k = 0; k < WINDOW; k++) {
                long f = Math.max(0, Math.min(lastFrame, windowStart + k));
                window[k] = frames.get(f);
                if (window[k] == null) {
                    throw new IllegalStateException(
                            "frame " + f + " was not decoded for model window " + w);
                }
            }
            float[] p = model.predict(new FrameWindow(window));
            for (long f = Math.max(first, w * STEP); f < Math.min(end, (w + 1) * STEP); f++) {
                out[(int) (f - first)] = p[(int) (f - windowStart)];
            }
        }
        return out;
    }

    /** Area-averages a packed BGR frame down to the network's RGB input size. */
    public static byte[] toNetworkInput(byte[] bgr, int width, int height) {
        int ow = TransitionNetwork.WIDTH;
        int oh = TransitionNetwork.HEIGHT;
        byte[] rgb = new byte[ow * oh * 3];
        for (int y = 0; y < oh; y++) {
            int y0 = y * height / oh;
            int y1 = Math.max(y0 + 1, (y + 1) * height / oh);
            for (int x = 0; x < ow; x++) {
                int x0 = x * width / ow;
                int x1 = Math.max(x0 + 1, (x + 1) * width / ow);
                long b = 0;
                long g = 0;
                long r = 0;
                for (int yy = y0; yy < y1; yy++) {
                    for (int xx = x0; xx < x1; xx++) {
                        int i = (yy * width + xx) * 3;
                        b += bgr[i] & 0xff;
                        g += bgr[i + 1] & 0xff;
                        r += bgr[i + 2] & 0xff;
                    }
                }
                int n = (y1 - y0) * (x1 - x0);
                int o = (y * ow + x) * 3;
                rgb[o] = (byte) (r / n);
                rgb[o + 1] = (byte) (g / n);
                rgb[o + 2] = (byte) (b / n);
            }
        }
        return rgb;
    }
}
