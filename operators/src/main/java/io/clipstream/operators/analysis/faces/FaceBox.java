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
}
