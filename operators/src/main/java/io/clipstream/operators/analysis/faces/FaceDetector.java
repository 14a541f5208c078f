package io.clipstream.operators.analysis.faces;

import java.util.List;

/**
 * Finds faces in a packed BGR frame. One instance serves one thread (a task slot) and holds its
 * model until closed.
 */
public interface FaceDetector extends AutoCloseable {
    /** The name configuration selects this detector by. */
    String name();

    /** The faces in a {@code width x height} BGR frame (3 bytes per pixel, rows packed). */
    List<FaceBox> detect(byte[] bgr, int width, int height);

    @Override
    default void close() {}
}
