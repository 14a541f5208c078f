package io.clipstream.operators.analysis.faces;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.equalizeHist;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

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
    private final double scaleStep;

    /**
     * @param cascade a name in {@link #CASCADES}, or the path of a cascade XML file
     * @param minFaceShare the smallest face reported, as a share of the frame's width
     */
    public CascadeFaceDetector(String cascade, double minFaceShare) throws IOException {
        this(cascade, minFaceShare, SCALE_STEP);
    }

    /**
     * @param scaleStep how much larger each scale of the search is than the one before (1.1: 10%)
     */
    public CascadeFaceDetector(String cascade, double minFaceShare, double scaleStep)
            throws IOException {
        if (!(scaleStep > 1.0 && scaleStep < 2.0)) {
            throw new IllegalArgumentException("scale step must lie between 1 and 2: " + scaleStep);
        }
        this.scaleStep = scaleStep;
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
        try (Mat colour = new Mat(height, width, CV_8UC3);
                Mat grey = new Mat()) {
            new BytePointer(colour.data()).capacity(bgr.length).put(bgr);
            cvtColor(colour, grey, COLOR_BGR2GRAY);
            return detect(grey, width, height, minSide(width));
        }
    }

    /** The frame-wide search from a sixth of the width up: a few scales only. */
    @Override
    public List<FaceBox> detectLarge(byte[] bgr, int width, int height) {
        try (Mat colour = new Mat(height, width, CV_8UC3);
                Mat grey = new Mat()) {
            new BytePointer(colour.data()).capacity(bgr.length).put(bgr);
            cvtColor(colour, grey, COLOR_BGR2GRAY);
            return detect(grey, width, height, Math.max(minSide(width), width / 6));
        }
    }

    /** The faces in a {@code width x height} grey frame (1 byte per pixel, rows packed). */
    public List<FaceBox> detectGrey(byte[] grey, int width, int height) {
        try (Mat image = new Mat(height, width, CV_8UC1)) {
            new BytePointer(image.data())
                    .capacity((long) width * height)
                    .put(grey, 0, width * height);
            return detect(image, width, height, minSide(width));
        }
    }

    /**
     * Looks for the face again in a region two and a half times its size around where it was,
     * enlarged so the face is twice the cascade's window, for sizes from 0.6 to 1.6 times its last:
     * a tenth of the cost of searching the frame, and faces too small for the frame-wide search at
     * this resolution are still followed.
     */
    @Override
    public List<FaceBox> detectNear(byte[] bgr, int width, int height, FaceBox near) {
        byte[] grey = new byte[width * height];
        for (int i = 0; i < grey.length; i++) {
            grey[i] = (byte) FaceSampler.luma(bgr, i);
        }
        return detectNearGrey(grey, width, height, near);
    }

    /** {@link #detectNear} on a grey frame. */
    public List<FaceBox> detectNearGrey(byte[] grey, int width, int height, FaceBox near) {
        double fw = near.width() * width;
        double fh = near.height() * height;
        double size = Math.max(fw, fh);
        double side = 2.5 * size;
        int x0 = (int) Math.max(0, Math.round(near.centreX() * width - side / 2));
        int y0 = (int) Math.max(0, Math.round(near.centreY() * height - side / 2));
        int x1 = (int) Math.min(width, Math.round(near.centreX() * width + side / 2));
        int y1 = (int) Math.min(height, Math.round(near.centreY() * height + side / 2));
        if (x1 - x0 < 4 || y1 - y0 < 4 || size < 2) {
            return List.of();
        }
        int window = Math.max(1, classifier.getOriginalWindowSize().width());
        double factor = 2.0 * window / size;
        int rw = (int) Math.round((x1 - x0) * factor);
        int rh = (int) Math.round((y1 - y0) * factor);
        List<FaceBox> out = new ArrayList<>();
        try (Mat image = new Mat(height, width, CV_8UC1);
                Rect area = new Rect(x0, y0, x1 - x0, y1 - y0);
                Mat region = new Mat(image, area);
                Mat enlarged = new Mat();
                Mat equalised = new Mat();
                Size target = new Size(rw, rh);
                RectVector faces = new RectVector();
                IntPointer votes = new IntPointer();
                Size min = new Size((int) (0.6 * size * factor), (int) (0.6 * size * factor));
                Size max = new Size((int) (1.6 * size * factor), (int) (1.6 * size * factor))) {
            new BytePointer(image.data())
                    .capacity((long) width * height)
                    .put(grey, 0, width * height);
            resize(region, enlarged, target, 0, 0, INTER_LINEAR);
            equalizeHist(enlarged, equalised);
            classifier.detectMultiScale2(
                    equalised, faces, votes, SCALE_STEP, MIN_NEIGHBOURS, 0, min, max);
            int best = -1;
            int bestVotes = -1;
            for (int i = 0; i < faces.size(); i++) {
                int n = votes.capacity() > i ? votes.get(i) : MIN_NEIGHBOURS;
                if (n > bestVotes) {
                    bestVotes = n;
                    best = i;
                }
            }
            if (best >= 0) {
                Rect r = faces.get(best);
                out.add(
                        new FaceBox(
                                (float) ((x0 + r.x() / factor) / width),
                                (float) ((y0 + r.y() / factor) / height),
                                (float) (r.width() / factor / width),
                                (float) (r.height() / factor / height),
                                (float) bestVotes / (bestVotes + MIN_NEIGHBOURS)));
            }
        }
        return out;
    }

    private List<FaceBox> detect(Mat grey, int width, int height, int minSide) {
        List<FaceBox> out = new ArrayList<>();
        try (Mat equalised = new Mat();
                RectVector faces = new RectVector();
                IntPointer votes = new IntPointer();
                Size min = new Size(minSide, minSide);
                Size max = new Size()) {
            equalizeHist(grey, equalised);
            classifier.detectMultiScale2(
                    equalised, faces, votes, scaleStep, MIN_NEIGHBOURS, 0, min, max);
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
