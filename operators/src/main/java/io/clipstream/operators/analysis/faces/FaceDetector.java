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

    /**
     * The face that was at {@code near} in an earlier frame, found again in this BGR frame; empty
     * when it is gone. By default a full search, keeping the detection that overlaps most.
     */
    default List<FaceBox> detectNear(byte[] bgr, int width, int height, FaceBox near) {
        FaceBox best = null;
        double bestOverlap = 0;
        for (FaceBox f : detect(bgr, width, height)) {
            double overlap = FaceBox.iou(f, near);
            if (overlap > bestOverlap) {
                bestOverlap = overlap;
                best = f;
            }
        }
        return best == null ? List.of() : List.of(best);
    }

    /**
     * Only faces larger than about a sixth of the frame's width, more cheaply than {@link #detect}:
     * how a sampler watches for someone stepping close while nobody is in view. By default a full
     * search.
     */
    default List<FaceBox> detectLarge(byte[] bgr, int width, int height) {
        return detect(bgr, width, height);
    }

    @Override
    default void close() {}
}
