package io.clipstream.operators.media;

import static org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCachedContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;

import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Scales a decoded picture, whatever its pixel format, to a packed picture of a fixed size and
 * format (BGR24 or GRAY8) in a Java array. It uses the same swscale filter as JavaCV's grabber
 * (bilinear, which for a downscale averages every source pixel it spans), so a picture scaled here
 * is byte for byte the one the grabber would have returned at that size.
 */
public final class FrameScaler implements AutoCloseable {
    private final int width;
    private final int height;
    private final int format;
    private final int bytesPerPixel;
    private SwsContext context;
    private final BytePointer out;
    private final PointerPointer<BytePointer> outPlanes;
    private final IntPointer outStride;

    /**
     * @param format {@code AV_PIX_FMT_BGR24} or {@code AV_PIX_FMT_GRAY8}
     */
    public FrameScaler(int width, int height, int format, int bytesPerPixel) {
        this.width = width;
        this.height = height;
        this.format = format;
        this.bytesPerPixel = bytesPerPixel;
        this.out = new BytePointer((long) width * height * bytesPerPixel);
        this.outPlanes = new PointerPointer<>(out, null, null, null);
        this.outStride = new IntPointer(width * bytesPerPixel, 0, 0, 0);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Scales the picture into {@code target}, rows packed; returns it. */
    public byte[] scale(AVFrame picture, byte[] target) {
        context =
                sws_getCachedContext(
                        context,
                        picture.width(),
                        picture.height(),
                        picture.format(),
                        width,
                        height,
                        format,
                        SWS_BILINEAR,
                        null,
                        null,
                        (DoublePointer) null);
        if (context == null) {
            throw new IllegalStateException(
                    "swscale cannot convert pixel format " + picture.format());
        }
        sws_scale(
                context,
                picture.data(),
                picture.linesize(),
                0,
                picture.height(),
                outPlanes,
                outStride);
        out.position(0).get(target, 0, width * height * bytesPerPixel);
        return target;
    }

    @Override
    public void close() {
        if (context != null) {
            sws_freeContext(context);
            context = null;
        }
        out.close();
        outPlanes.close();
        outStride.close();
    }
}
