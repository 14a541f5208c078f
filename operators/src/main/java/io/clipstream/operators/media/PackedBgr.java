package io.clipstream.operators.media;

import java.nio.ByteBuffer;
import org.bytedeco.javacv.Frame;

/**
 * Copies a grabbed BGR24 frame into a byte array whose rows follow each other without padding: the
 * grabber's rows may be longer than {@code width * 3} bytes.
 */
public final class PackedBgr {
    private PackedBgr() {}

    /** The frame's {@code width x height} BGR pixels into {@code out}, row after row. */
    public static void copy(Frame frame, byte[] out, int width, int height) {
        ByteBuffer buf = (ByteBuffer) frame.image[0];
        int stride = frame.imageStride;
        int row = width * 3;
        for (int y = 0; y < height; y++) {
            buf.position(y * stride);
            buf.get(out, y * row, row);
        }
        buf.rewind();
    }
}
