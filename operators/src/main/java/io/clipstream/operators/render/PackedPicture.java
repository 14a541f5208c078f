package io.clipstream.operators.render;

import static org.bytedeco.ffmpeg.global.avutil.av_free;
import static org.bytedeco.ffmpeg.global.avutil.av_image_copy_to_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_image_get_buffer_size;
import static org.bytedeco.ffmpeg.global.avutil.av_malloc;

import java.io.IOException;
import java.nio.Buffer;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacv.Frame;

/**
 * A decoded planar picture copied into one buffer whose lines are exactly as wide as the picture.
 *
 * <p>When the decoder already produces the pixel format asked for, JavaCV's grabber hands over the
 * decoder's own picture, whose lines are padded (a 360-pixel MPEG-1 line is 384 bytes, its chroma
 * lines 192). {@code FFmpegFrameFilter} reads a planar frame as tightly packed planes, so it found
 * the chroma at the wrong place and the clip showed diagonal colour stripes. Copying the planes out
 * (one memcpy per line) gives the filter what it expects, whatever the decoder's alignment.
 */
final class PackedPicture implements AutoCloseable {

    private BytePointer buffer;
    private Buffer[] planes;
    private final Frame packed = new Frame();

    /**
     * The frame itself when it is packed (BGR, grey) or already converted by the grabber, else a
     * tightly packed copy of its planes, valid until the next call.
     */
    Frame pack(Frame frame) throws IOException {
        if (!(frame.opaque instanceof AVFrame picture) || picture.data(1) == null) {
            return frame;
        }
        int width = frame.imageWidth;
        int height = frame.imageHeight;
        int format = picture.format();
        int size = av_image_get_buffer_size(format, width, height, 1);
        if (size <= 0) {
            throw new IOException("Unknown layout of decoded pixel format " + format);
        }
        if (buffer == null || buffer.capacity() < size) {
            close();
            buffer = new BytePointer(av_malloc(size)).capacity(size);
            planes = new Buffer[] {buffer.asBuffer()};
        }
        int copied =
                av_image_copy_to_buffer(
                        buffer.position(0),
                        size,
                        new PointerPointer<>(picture),
                        picture.linesize(),
                        format,
                        width,
                        height,
                        1);
        if (copied < 0) {
            throw new IOException("Could not copy a decoded picture: error " + copied);
        }
        packed.imageWidth = width;
        packed.imageHeight = height;
        packed.imageDepth = Frame.DEPTH_UBYTE;
        packed.imageChannels = 1;
        packed.imageStride = width;
        planes[0].position(0).limit(size);
        packed.image = planes;
        packed.timestamp = frame.timestamp;
        packed.keyFrame = frame.keyFrame;
        packed.opaque = null;
        return packed;
    }

    /** The pixel format to push {@link #pack}'s result with. */
    static int formatOf(Frame original, int requested) {
        return original.opaque instanceof AVFrame picture ? picture.format() : requested;
    }

    @Override
    public void close() {
        if (buffer != null) {
            av_free(buffer.position(0));
            buffer = null;
            planes = null;
        }
    }
}
