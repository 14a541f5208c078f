package io.clipstream.operators.analysis.faces;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.equalizeHist;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.RectVector;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_objdetect.CascadeClassifier;

/**
 * Frontal faces with one of OpenCV's boosted cascades (Viola-Jones Haar features, or local binary
 * patterns), whose XML files ship inside the OpenCV natives jar. The grey frame is histogram
 * equalised first, so exposure matters less. Cascades give no score; the confidence is the share of
 * overlapping raw detections that voted for the face beyond the minimum, {@code n / (n +
 * minNeighbours)}, so it lies between 0.5 and 1.
 */
public final class CascadeFaceDetector implements FaceDetector {
    /** Cascades by name, under the natives jar's {@code share/opencv4/}. */
    public static final Map<String, String> CASCADES =
            Map.of(
                    "lbp-frontal-improved", "lbpcascades/lbpcascade_frontalface_improved.xml",
                    "haar-frontal-default", "haarcascades/haarcascade_frontalface_default.xml",
                    "haar-frontal-alt2", "haarcascades/haarcascade_frontalface_alt2.xml");

    private static final String SHARE = "/org/bytedeco/opencv/linux-x86_64/share/opencv4/";

    /** Each scale step is 10% larger; finer steps cost time and find the same faces. */
    static final double SCALE_STEP = 1.1;

    /** Raw detections that must overlap before a face is reported. */
    static final int MIN_NEIGHBOURS = 3;

    private final String name;
    private final CascadeClassifier classifier;
    private final double minFaceShare;

    /**
     * @param cascade a name in {@link #CASCADES}, or the path of a cascade XML file
     * @param minFaceShare the smallest face reported, as a share of the frame's width
     */
    public CascadeFaceDetector(String cascade, double minFaceShare) throws IOException {
        this.name = cascade;
        this.minFaceShare = minFaceShare;
        String file;
        if (CASCADES.containsKey(cascade)) {
            file =
                    Loader.cacheResource(CascadeClassifier.class, SHARE + CASCADES.get(cascade))
                            .getPath();
        } else if (Files.isRegularFile(Path.of(cascade))) {
            file = cascade;
        } else {
            throw new IOException(
                    "unknown face cascade '"
                            + cascade
                            + "': use one of "
                            + CASCADES.keySet()
                            + " or the path of a cascade XML file");
        }
        CascadeClassifier loaded = new CascadeClassifier(file);
        if (loaded.empty()) {
            loaded.close();
            throw new IOException("face cascade " + file + " could not be loaded");
        }
        this.classifier = loaded;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<FaceBox> detect(byte[] bgr, int width, int height) {
        List<FaceBox> out = new ArrayList<>();
        try (Mat colour = new Mat(height, width, CV_8UC3);
                Mat grey = new Mat();
                RectVector faces = new RectVector();
                IntPointer votes = new IntPointer();
                Size min = new Size(minSide(width), minSide(width));
                Size max = new Size()) {
            new BytePointer(colour.data()).capacity(bgr.length).put(bgr);
            cvtColor(colour, grey, COLOR_BGR2GRAY);
            equalizeHist(grey, grey);
            classifier.detectMultiScale2(
                    grey, faces, votes, SCALE_STEP, MIN_NEIGHBOURS, 0, min, max);
            for (long i = 0; i < faces.size(); i++) {
                Rect r = faces.get(i);
                int n = votes.capacity() > i ? votes.get(i) : MIN_NEIGHBOURS;
                out.add(
                        new FaceBox(
                                (float) r.x() / width,
                                (float) r.y() / height,
                                (float) r.width() / width,
                                (float) r.height() / height,
                                (float) n / (n + MIN_NEIGHBOURS)));
            }
        }
        return out;
    }

    private int minSide(int width) {
        return Math.max(12, (int) Math.round(minFaceShare * width));
    }

    @Override
    public void close() {
        classifier.close();
    }
}
