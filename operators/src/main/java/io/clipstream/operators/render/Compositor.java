package io.clipstream.operators.render;

import static org.bytedeco.ffmpeg.global.avutil.AV_FRAME_CROP_UNALIGNED;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_apply_cropping;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_image_fill_arrays;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BICUBIC;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.SWS_FAST_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCachedContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;

import io.clipstream.operators.analysis.framing.CropWindows;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacv.Frame;

/**
 * Builds each output picture from a displayed source picture (4:2:0) and the crop window in force:
 * the window cropped and scaled to fill the output; for a split, two windows stacked; for a
 * letterbox, the whole picture scaled to the output's width over a blurred, enlarged copy of
 * itself. Cropping moves plane pointers ({@code av_frame_apply_cropping}), so no pixel is copied
 * before swscale reads it, and the window may move every frame; swscale writes straight into the
 * picture the encoder is handed.
 */
final class Compositor implements AutoCloseable {
    private final int outW;
    private final int outH;
    private final AVFrame source = av_frame_alloc();
    private final AVFrame view = av_frame_alloc();
    private final AVFrame target = av_frame_alloc();
    private final AVFrame region = av_frame_alloc();
    private final AVFrame small = av_frame_alloc();
    private final BytePointer smallBuffer;
    private final int smallW;
    private final int smallH;
    private final SwsContext[] contexts = new SwsContext[4];

    /** Blur of the letterbox fill: the picture is shrunk by this factor and enlarged again. */
    static final int BLUR_FACTOR = 24;

    Compositor(int outW, int outH) {
        this.outW = outW;
        this.outH = outH;
        this.smallW = Math.max(2, (outW / BLUR_FACTOR) & ~1);
        this.smallH = Math.max(2, (outH / BLUR_FACTOR) & ~1);
        this.smallBuffer = new BytePointer(smallW * smallH * 3 / 2);
        fill(small, smallBuffer, smallW, smallH);
    }

    private static void fill(AVFrame f, BytePointer buffer, int w, int h) {
        av_image_fill_arrays(f.data(), f.linesize(), buffer, AV_PIX_FMT_YUV420P, w, h, 1);
        f.format(AV_PIX_FMT_YUV420P);
        f.width(w);
        f.height(h);
    }

    /**
     * Composes the output for a displayed 4:2:0 picture (a decoder's {@link AVFrame} as grabbed, or
     * a JavaCV frame holding one packed 4:2:0 buffer) into {@code into}: a tightly packed 4:2:0
     * picture of the output's size.
     */
    void compose(Frame picture, CropWindows.Window window, BytePointer into) throws IOException {
        fill(target, into, outW, outH);
        AVFrame src = sourceOf(picture);
        int w = src.width();
        int h = src.height();
        if (window.letterbox()) {
            letterbox(src, w, h);
        } else if (window.split()) {
            int half = (outH / 2) & ~1;
            scale(
                    0,
                    src,
                    window.x(),
                    window.y(),
                    window.width(),
                    window.height(),
                    0,
                    half,
                    SWS_BICUBIC);
            scale(
                    1,
                    src,
                    window.x2(),
                    window.y2(),
                    window.width2(),
                    window.height2(),
                    half,
                    outH - half,
                    SWS_BICUBIC);
        } else {
            scale(
                    0,
                    src,
                    window.x(),
                    window.y(),
                    window.width(),
                    window.height(),
                    0,
                    outH,
                    SWS_BICUBIC);
        }
    }

    private AVFrame sourceOf(Frame picture) throws IOException {
        if (picture.opaque instanceof AVFrame decoded && decoded.data(1) != null) {
            return decoded;
        }
        if (!(picture.image[0] instanceof ByteBuffer buffer)) {
            throw new IOException("unexpected picture layout");
        }
        fill(source, new BytePointer(buffer), picture.imageWidth, picture.imageHeight);
        return source;
    }

    /** The whole picture over a blurred fill; both centred. */
    private void letterbox(AVFrame src, int w, int h) {
        // the fill: the centre of the picture in the output's shape, shrunk and enlarged
        double outAspect = (double) outW / outH;
        int cw = w;
        int ch = h;
        if ((double) w / h > outAspect) {
            cw = Math.max(2, (int) Math.round(h * outAspect) & ~1);
        } else {
            ch = Math.max(2, (int) Math.round(w / outAspect) & ~1);
        }
        crop(view, src, ((w - cw) / 2) & ~1, ((h - ch) / 2) & ~1, cw, ch);
        run(2, view, small, SWS_FAST_BILINEAR);
        run(3, small, target, SWS_BILINEAR);
        // the picture at the output's width (or height, for a tall picture in a wide output)
        int fw;
        int fh;
        if ((double) w / h > outAspect) {
            fw = outW;
            fh = Math.max(2, (int) Math.round((double) outW * h / w) & ~1);
        } else {
            fh = outH;
            fw = Math.max(2, (int) Math.round((double) outH * w / h) & ~1);
        }
        int top = ((outH - fh) / 2) & ~1;
        int left = ((outW - fw) / 2) & ~1;
        crop(view, src, 0, 0, w & ~1, h & ~1);
        crop(region, target, left, top, fw, fh);
        run(0, view, region, SWS_BICUBIC);
    }

    /** Window {@code (x, y, w, h)} of the picture into output rows {@code [top, top + rows)}. */
    private void scale(
            int slot, AVFrame src, int x, int y, int w, int h, int top, int rows, int flags) {
        int cx = Math.max(0, Math.min(src.width() - 2, x)) & ~1;
        int cy = Math.max(0, Math.min(src.height() - 2, y)) & ~1;
        int cw = Math.max(2, Math.min(src.width() - cx, w)) & ~1;
        int chh = Math.max(2, Math.min(src.height() - cy, h)) & ~1;
        crop(view, src, cx, cy, cw, chh);
        crop(region, target, 0, top, outW, rows);
        run(slot, view, region, flags);
    }

    /** Points {@code into} at a window of {@code of}; no pixel is copied. */
    private static void crop(AVFrame into, AVFrame of, int x, int y, int w, int h) {
        for (int i = 0; i < 4; i++) {
            into.data(i, of.data(i));
            into.linesize(i, of.linesize(i));
        }
        into.format(of.format());
        into.width(of.width());
        into.height(of.height());
        into.crop_left(x);
        into.crop_top(y);
        into.crop_right(of.width() - x - w);
        into.crop_bottom(of.height() - y - h);
        int err = av_frame_apply_cropping(into, AV_FRAME_CROP_UNALIGNED);
        if (err < 0) {
            throw new IllegalStateException(
                    "crop "
                            + w
                            + "x"
                            + h
                            + "+"
                            + x
                            + "+"
                            + y
                            + " of "
                            + of.width()
                            + "x"
                            + of.height()
                            + " failed: "
                            + err);
        }
    }

    private void run(int slot, AVFrame from, AVFrame to, int flags) {
        contexts[slot] =
                sws_getCachedContext(
                        contexts[slot],
                        from.width(),
                        from.height(),
                        from.format(),
                        to.width(),
                        to.height(),
                        to.format(),
                        flags,
                        null,
                        null,
                        (DoublePointer) null);
        sws_scale(
                contexts[slot],
                from.data(),
                from.linesize(),
                0,
                from.height(),
                to.data(),
                to.linesize());
    }

    @Override
    public void close() {
        for (int i = 0; i < contexts.length; i++) {
            if (contexts[i] != null) {
                sws_freeContext(contexts[i]);
                contexts[i] = null;
            }
        }
        for (AVFrame f : new AVFrame[] {source, view, target, region, small}) {
            av_frame_free(f);
        }
        smallBuffer.close();
    }
}
