package io.clipstream.operators.render.captions;

import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;

/**
 * A picture with transparency, converted once to 4:2:0 (BT.601, limited range: what swscale writes)
 * with its alpha, for blending into an output picture over its own box only. Colours are stored
 * premultiplied so a pixel costs one multiply and one add per plane.
 */
public final class Overlay {
    final int x;
    final int y;
    final int width;
    final int height;
    private final byte[] luma;
    private final byte[] lumaKeep;
    private final byte[] u;
    private final byte[] v;
    private final byte[] chromaKeep;
    private final int[] lineRows;

    /**
     * @param image TYPE_INT_ARGB, drawn at {@code (x, y)} of the output (both even)
     * @param lineRows the first image row of each caption line after the first (for karaoke fills)
     */
    public Overlay(BufferedImage image, int x, int y, int[] lineRows) {
        this.x = x & ~1;
        this.y = y & ~1;
        this.width = image.getWidth() & ~1;
        this.height = image.getHeight() & ~1;
        this.lineRows = lineRows;
        int[] argb = image.getRGB(0, 0, width, height, null, 0, width);
        luma = new byte[width * height];
        lumaKeep = new byte[width * height];
        int cw = width / 2;
        int ch = height / 2;
        u = new byte[cw * ch];
        v = new byte[cw * ch];
        chromaKeep = new byte[cw * ch];
        for (int i = 0; i < argb.length; i++) {
            int p = argb[i];
            int a = p >>> 24;
            int r = (p >> 16) & 0xff;
            int g = (p >> 8) & 0xff;
            int b = p & 0xff;
            double yy = 16 + (65.738 * r + 129.057 * g + 25.064 * b) / 256;
            luma[i] = (byte) Math.round(yy * a / 255);
            lumaKeep[i] = (byte) (255 - a);
        }
        for (int cy = 0; cy < ch; cy++) {
            for (int cx = 0; cx < cw; cx++) {
                double su = 0;
                double sv = 0;
                int sa = 0;
                for (int dy = 0; dy < 2; dy++) {
                    for (int dx = 0; dx < 2; dx++) {
                        int p = argb[(cy * 2 + dy) * width + cx * 2 + dx];
                        int a = p >>> 24;
                        int r = (p >> 16) & 0xff;
                        int g = (p >> 8) & 0xff;
                        int b = p & 0xff;
                        su += a * (128 + (-37.945 * r - 74.494 * g + 112.439 * b) / 256);
                        sv += a * (128 + (112.439 * r - 94.154 * g - 18.285 * b) / 256);
                        sa += a;
                    }
                }
                int k = cy * cw + cx;
                u[k] = (byte) Math.round(su / 4 / 255);
                v[k] = (byte) Math.round(sv / 4 / 255);
                chromaKeep[k] = (byte) (255 - Math.round(sa / 4.0));
            }
        }
    }

    /** Blends the whole overlay into a packed 4:2:0 picture of {@code outW x outH}. */
    public void blend(ByteBuffer picture, int outW, int outH) {
        blend(picture, outW, outH, null, null);
    }

    /**
     * Blends into a packed 4:2:0 picture; where {@code fill} is given, pixels left of {@code
     * fillX[line]} come from {@code fill} instead (an overlay of the same box).
     */
    public void blend(ByteBuffer picture, int outW, int outH, Overlay fill, double[] fillX) {
        int x0 = Math.max(0, x);
        int y0 = Math.max(0, y);
        int x1 = Math.min(outW, x + width);
        int y1 = Math.min(outH, y + height);
        if (x1 <= x0 || y1 <= y0) {
            return;
        }
        int line = 0;
        for (int oy = y0; oy < y1; oy++) {
            int iy = oy - y;
            while (lineRows != null && line < lineRows.length && iy >= lineRows[line]) {
                line++;
            }
            int split = fill == null ? x0 : (int) Math.min(x1, Math.max(x0, x + fillX[line]));
            int row = oy * outW;
            for (int ox = x0; ox < x1; ox++) {
                Overlay src = ox < split ? fill : this;
                int i = iy * width + (ox - x);
                int keep = src.lumaKeep[i] & 0xff;
                if (keep == 255) {
                    continue;
                }
                int d = picture.get(row + ox) & 0xff;
                picture.put(
                        row + ox,
                        (byte) Math.min(255, (d * keep + 127) / 255 + (src.luma[i] & 0xff)));
            }
        }
        int cw = outW / 2;
        int chh = outH / 2;
        int uBase = outW * outH;
        int vBase = uBase + cw * chh;
        int icw = width / 2;
        line = 0;
        for (int cy = y0 / 2; cy < y1 / 2; cy++) {
            int iy = cy - y / 2;
            while (lineRows != null && line < lineRows.length && iy * 2 >= lineRows[line]) {
                line++;
            }
            int split =
                    fill == null
                            ? x0 / 2
                            : (int) Math.min(x1 / 2, Math.max(x0 / 2, (x + fillX[line]) / 2));
            for (int cx = x0 / 2; cx < x1 / 2; cx++) {
                Overlay src = cx < split ? fill : this;
                int i = iy * icw + (cx - x / 2);
                int keep = src.chromaKeep[i] & 0xff;
                if (keep == 255) {
                    continue;
                }
                int o = cy * cw + cx;
                int du = picture.get(uBase + o) & 0xff;
                int dv = picture.get(vBase + o) & 0xff;
                picture.put(
                        uBase + o,
                        (byte) Math.min(255, (du * keep + 127) / 255 + (src.u[i] & 0xff)));
                picture.put(
                        vBase + o,
                        (byte) Math.min(255, (dv * keep + 127) / 255 + (src.v[i] & 0xff)));
            }
        }
    }
}
