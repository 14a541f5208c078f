package io.clipstream.operators.analysis.faces;

/**
 * A detected face in normalised coordinates of the frame it was found in: {@code x, y} the top left
 * corner, {@code width, height} the size, all as shares of the frame's width and height.
 *
 * @param confidence 0 to 1; how strongly the detector holds it to be a face
 */
public record FaceBox(float x, float y, float width, float height, float confidence) {
    public float centreX() {
        return x + width / 2;
    }

    public float centreY() {
        return y + height / 2;
    }

    /** Intersection over union of two boxes. */
    public static double iou(FaceBox a, FaceBox b) {
        double x0 = Math.max(a.x, b.x);
        double y0 = Math.max(a.y, b.y);
        double x1 = Math.min(a.x + a.width, b.x + b.width);
        double y1 = Math.min(a.y + a.height, b.y + b.height);
        double inter = Math.max(0, x1 - x0) * Math.max(0, y1 - y0);
        double union = a.width * a.height + b.width * b.height - inter;
        return union <= 0 ? 0 : inter / union;
    }
}
