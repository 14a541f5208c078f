package io.clipstream.operators.render;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/** Choosing a clip's cover frame and writing it as a JPEG. */
final class Thumbnails {
    private Thumbnails() {}

    /** No candidate within this time of a cut, a join or the clip's ends. */
    static final long MARGIN_US = 400_000;

    /** Candidates per second of clip. */
    static final int PER_SECOND = 4;

    /**
     * A candidate whose picture differs from its neighbours by more than this is moving too much or
     * mid-transition: the mean absolute luma difference, 0-255, on a coarse grid.
     */
    static final double STEADY = 14;

    /**
     * Looks at a few output pictures a second (before captions are drawn) and keeps the best: in a
     * shot that frames a face when the clip has one, away from cuts and joins, steady (its picture
     * close to the candidates a quarter second before and after it, which rules out dissolves,
     * fades, flashes and cuts the plan does not know of), then the sharpest (the variance of the
     * Laplacian of the luma). When no candidate is steady, the sharpest of all is taken.
     */
    static final class Picker {
        private final int width;
        private final int height;
        private final long every;
        private final double fps;
        private final List<Long> avoid;
        private final List<long[]> faces;
        private byte[] best;
        private double bestScore = Double.NEGATIVE_INFINITY;
        private byte[] anyBest;
        private double anyScore = Double.NEGATIVE_INFINITY;
        private byte[] fallback;
        private Candidate pending;
        private byte[] previousGrid;

        private record Candidate(byte[] picture, double score, double diffBefore, byte[] grid) {}

        Picker(int width, int height, double fps, List<Long> avoid, List<long[]> faces) {
            this.width = width;
            this.height = height;
            this.fps = fps;
            this.every = Math.max(1, Math.round(fps / PER_SECOND));
            this.avoid = avoid;
            this.faces = faces;
        }

        void offer(long frame, ByteBuffer picture) {
            if (fallback == null) {
                fallback = copy(picture);
            }
            if (frame % every != 0) {
                return;
            }
            long us = Math.round(frame * 1e6 / fps);
            byte[] grid = grid(picture);
            double diffBefore = previousGrid == null ? 0 : diff(previousGrid, grid);
            previousGrid = grid;
            if (pending != null) {
                settle(pending, diff(pending.grid(), grid));
                pending = null;
            }
            for (long a : avoid) {
                if (Math.abs(us - a) < MARGIN_US) {
                    return;
                }
            }
            boolean face = false;
            for (long[] span : faces) {
                face |= us >= span[0] && us < span[1];
            }
            double score = sharpness(picture) + (face ? 1e9 : 0);
            pending = new Candidate(copy(picture), score, diffBefore, grid);
        }

        private void settle(Candidate c, double diffAfter) {
            if (c.score() > anyScore) {
                anyScore = c.score();
                anyBest = c.picture();
            }
            if (Math.max(c.diffBefore(), diffAfter) <= STEADY && c.score() > bestScore) {
                bestScore = c.score();
                best = c.picture();
            }
        }

        /** A 32x32 grid of luma samples. */
        private byte[] grid(ByteBuffer p) {
            byte[] g = new byte[32 * 32];
            for (int gy = 0; gy < 32; gy++) {
                int y = (gy * 2 + 1) * height / 64;
                for (int gx = 0; gx < 32; gx++) {
                    g[gy * 32 + gx] = p.get(y * width + (gx * 2 + 1) * width / 64);
                }
            }
            return g;
        }

        private static double diff(byte[] a, byte[] b) {
            long sum = 0;
            for (int i = 0; i < a.length; i++) {
                sum += Math.abs((a[i] & 0xff) - (b[i] & 0xff));
            }
            return (double) sum / a.length;
        }

        private byte[] copy(ByteBuffer picture) {
            byte[] b = new byte[width * height * 3 / 2];
            picture.duplicate().position(0).get(b);
            return b;
        }

        double sharpness(ByteBuffer p) {
            double sum = 0;
            double sq = 0;
            long n = 0;
            for (int y = 4; y < height - 4; y += 3) {
                int row = y * width;
                for (int x = 4; x < width - 4; x += 3) {
                    int c = p.get(row + x) & 0xff;
                    int lap =
                            4 * c
                                    - (p.get(row + x - 1) & 0xff)
                                    - (p.get(row + x + 1) & 0xff)
                                    - (p.get(row - width + x) & 0xff)
                                    - (p.get(row + width + x) & 0xff);
                    sum += lap;
                    sq += (double) lap * lap;
                    n++;
                }
            }
            return n == 0 ? 0 : sq / n - (sum / n) * (sum / n);
        }

        /** The chosen picture as RGB, or null when no frame was seen. */
        BufferedImage best() {
            if (pending != null) {
                settle(pending, 0); // the last candidate: nothing after it to compare
                pending = null;
            }
            byte[] yuv = best != null ? best : anyBest != null ? anyBest : fallback;
            return yuv == null ? null : toRgb(yuv, width, height);
        }
    }

    /** A packed 4:2:0 picture (BT.601, limited range) as RGB. */
    static BufferedImage toRgb(byte[] yuv, int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] rgb = new int[w * h];
        int uBase = w * h;
        int vBase = uBase + (w / 2) * (h / 2);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double yy = 1.164 * ((yuv[y * w + x] & 0xff) - 16);
                int c = (y / 2) * (w / 2) + x / 2;
                double u = (yuv[uBase + c] & 0xff) - 128;
                double v = (yuv[vBase + c] & 0xff) - 128;
                int r = clamp(yy + 1.596 * v);
                int g = clamp(yy - 0.392 * u - 0.813 * v);
                int b = clamp(yy + 2.017 * u);
                rgb[y * w + x] = (r << 16) | (g << 8) | b;
            }
        }
        img.setRGB(0, 0, w, h, rgb, 0, w);
        return img;
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }

    static void writeJpeg(BufferedImage image, Path file) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.9f);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
    }
}
