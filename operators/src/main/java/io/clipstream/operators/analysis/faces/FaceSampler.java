package io.clipstream.operators.analysis.faces;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;

import io.clipstream.operators.media.FrameScaler;
import io.clipstream.schemas.FaceSample;
import io.clipstream.schemas.StreamFacts;
import io.clipstream.schemas.VisualSample;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avutil.AVFrame;

/**
 * Samples a segment's frames for the virtual camera: about five times a second, on a grid of times
 * fixed for the whole video, it detects faces on a small grey copy of the displayed frame and
 * measures where the picture has detail and motion.
 *
 * <p>A sample is the first frame at or after a grid time {@code k * period}, its lead the first
 * frame at or after {@code 100 ms} earlier. Which frames those are depends only on frame times, so
 * every split of a video into segments gives the same samples, as long as decoding starts at least
 * 100 ms before a segment's first frame (the shot features' look-back is longer).
 *
 * <p>Mouth motion, the cue for who is speaking, is the mean absolute change between lead and sample
 * over the lower middle of the face box, less the change over the eyes band: a head that moves or
 * nods changes both, a mouth that speaks only the first.
 */
public final class FaceSampler implements AutoCloseable {

    /**
     * @param detector {@code auto} (BlazeFace where its model is found, else the {@link #FALLBACK}
     *     cascade), {@code blazeface}, a cascade name (see {@link CascadeFaceDetector#CASCADES}), a
     *     cascade XML file, or {@code none} to sample nothing
     * @param modelDir where the BlazeFace model is, or null to look in the usual places (see {@link
     *     BlazeFaceDetector#locate})
     * @param width width in pixels of the frames faces are found in
     * @param samplesPerSecond how often to sample
     * @param minFaceShare the smallest face a cascade looks for, as a share of the frame's width
     * @param scaleStep how much each scale of a cascade's frame-wide search is larger than the last
     * @param keyEvery every this many samples (on the global grid) the whole frame is searched;
     *     between them faces are followed where they were
     */
    public record Settings(
            String detector,
            String modelDir,
            int width,
            double samplesPerSecond,
            double minFaceShare,
            double scaleStep,
            int keyEvery)
            implements Serializable {
        public static final Settings DEFAULT = new Settings("auto", null, 384, 5.0, 0.03, 1.2, 5);
        public static final Settings NONE = DEFAULT.withDetector("none");

        /** The cascade used where BlazeFace's model is not found. */
        public static final String FALLBACK = "haar-frontal-alt2";

        public Settings(
                String detector,
                String modelDir,
                int width,
                double samplesPerSecond,
                double minFaceShare) {
            this(
                    detector,
                    modelDir,
                    width,
                    samplesPerSecond,
                    minFaceShare,
                    DEFAULT.scaleStep(),
                    DEFAULT.keyEvery());
        }

        public Settings withDetector(String name) {
            return new Settings(
                    name, modelDir, width, samplesPerSecond, minFaceShare, scaleStep, keyEvery);
        }

        /** How long before a segment's first frame decoding must start for exact samples. */
        public long lookBackUs() {
            return keyEvery * periodUs() + LEAD_US;
        }

        public boolean enabled() {
            return !"none".equals(detector);
        }

        public long periodUs() {
            return Math.round(1e6 / samplesPerSecond);
        }

        /** Loads the detector; close it after use. */
        public FaceDetector open() throws IOException {
            if ("auto".equals(detector) || BlazeFaceDetector.NAME.equals(detector)) {
                java.nio.file.Path dir = BlazeFaceDetector.locate(modelDir);
                if (dir != null) {
                    return new BlazeFaceDetector(dir);
                }
                if (BlazeFaceDetector.NAME.equals(detector)) {
                    throw new IOException(
                            "the BlazeFace model was not found"
                                    + (modelDir == null ? "" : " in " + modelDir)
                                    + ": run tools/setup-faces.sh or set clipstream.faces.model-dir");
                }
                org.slf4j.LoggerFactory.getLogger(FaceSampler.class)
                        .info(
                                "Faces: BlazeFace model not found (tools/setup-faces.sh fetches"
                                        + " it); using the {} cascade",
                                FALLBACK);
                return new CascadeFaceDetector(FALLBACK, minFaceShare, scaleStep);
            }
            return new CascadeFaceDetector(detector, minFaceShare, scaleStep);
        }
    }

    /** How far before a sample its lead frame lies. */
    public static final long LEAD_US = 100_000;

    /** Bands of the detail and motion profiles. */
    public static final int BANDS = 16;

    private final FaceDetector detector;
    private final long periodUs;
    private final int keyEvery;
    private boolean chained;
    private List<FaceBox> previousFaces = List.of();
    private byte[] previousThumb;
    private final int rotation;
    private final int width;
    private final int height;
    private final FrameScaler scaler;
    private final byte[] coded;
    private byte[] lead;
    private long leadGridUs = Long.MIN_VALUE;
    private final List<FaceSample> faces = new ArrayList<>();
    private final List<VisualSample> visuals = new ArrayList<>();

    /**
     * @param detector the slot's detector
     */
    public FaceSampler(Settings settings, FaceDetector detector, StreamFacts facts) {
        this.detector = detector;
        this.periodUs = settings.periodUs();
        this.keyEvery = Math.max(1, settings.keyEvery());
        this.rotation = ((facts.getRotation() % 360) + 360) % 360;
        boolean quarterTurn = rotation % 180 != 0;
        int displayedW = quarterTurn ? facts.getHeight() : facts.getWidth();
        int displayedH = quarterTurn ? facts.getWidth() : facts.getHeight();
        this.width = settings.width();
        this.height =
                Math.max(
                        2, (int) Math.round(width * (double) displayedH / Math.max(1, displayedW)));
        int codedW = quarterTurn ? height : width;
        int codedH = quarterTurn ? width : height;
        this.scaler = new FrameScaler(codedW, codedH, AV_PIX_FMT_BGR24, 3);
        this.coded = new byte[codedW * codedH * 3];
    }

    /** The grid time a frame at {@code timeUs} samples, or -1 when the previous frame did. */
    static long gridTimeSampled(long previousUs, long timeUs, long periodUs, long offsetUs) {
        long g = Math.floorDiv(timeUs - offsetUs, periodUs);
        long before = Math.floorDiv(previousUs - offsetUs, periodUs);
        return g > before ? g * periodUs + offsetUs : -1;
    }

    /**
     * Offers a decoded frame.
     *
     * @param previousUs the time of the frame before it ({@code -1} before the first frame)
     * @param own whether the frame belongs to the segment (only those are sampled)
     */
    public void accept(AVFrame picture, long timeUs, long previousUs, boolean own) {
        long leadGrid = gridTimeSampled(previousUs, timeUs, periodUs, -LEAD_US);
        long sampleGrid = gridTimeSampled(previousUs, timeUs, periodUs, 0);
        boolean key = sampleGrid >= 0 && Math.floorDiv(sampleGrid, periodUs) % keyEvery == 0;
        boolean sampled = sampleGrid >= 0 && (chained || key);
        if (leadGrid < 0 && !sampled) {
            return;
        }
        byte[] bgr = displayed(picture);
        byte[] grey = grey(bgr);
        if (sampled) {
            boolean haveLead = lead != null && leadGridUs + LEAD_US == sampleGrid;
            sample(timeUs, bgr, grey, haveLead ? lead : null, key, own);
        }
        if (leadGrid >= 0) {
            lead = grey;
            leadGridUs = leadGrid;
        }
    }

    /** The displayed picture, BGR, rotated as it is shown. */
    private byte[] displayed(AVFrame picture) {
        scaler.scale(picture, coded);
        int cw = scaler.width();
        int ch = scaler.height();
        byte[] out = new byte[width * height * 3];
        if (rotation == 0) {
            System.arraycopy(coded, 0, out, 0, out.length);
            return out;
        }
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int from =
                        switch (rotation) {
                            case 90 ->
                                    (ch - 1 - x) * cw + y; // displayed (x, y) = coded (y, ch-1-x)
                            case 180 -> (ch - 1 - y) * cw + (cw - 1 - x);
                            default -> x * cw + (cw - 1 - y); // 270: coded (cw-1-y, x)
                        };
                System.arraycopy(coded, from * 3, out, (y * width + x) * 3, 3);
            }
        }
        return out;
    }

    /** Luma of pixel {@code i} of a BGR picture (BT.601 weights). */
    public static int luma(byte[] bgr, int i) {
        return ((bgr[3 * i] & 0xff) * 29
                        + (bgr[3 * i + 1] & 0xff) * 150
                        + (bgr[3 * i + 2] & 0xff) * 77)
                >> 8;
    }

    private byte[] grey(byte[] bgr) {
        byte[] g = new byte[width * height];
        for (int i = 0; i < g.length; i++) {
            g[i] = (byte) luma(bgr, i);
        }
        return g;
    }

    /**
     * Finds the faces of a sample: the whole frame at key samples and where the picture changed
     * since the last sample (a cut), else again near each face of the last sample. Samples of
     * frames before the segment only carry the search forward.
     */
    private void sample(
            long timeUs, byte[] bgr, byte[] grey, byte[] before, boolean key, boolean own) {
        byte[] thumb = thumbnail(grey);
        boolean changed = previousThumb != null && changed(previousThumb, thumb);
        List<FaceBox> found;
        // while nobody is in view, look every other sample: a face that walks in is found
        // within 0.4 s, at half the cost of searching every sample of footage without people
        boolean looking = previousFaces.isEmpty() && Math.floorDiv(timeUs, periodUs) % 2 == 0;
        if (key || changed || !chained || looking) {
            found = detector.detect(bgr, width, height);
        } else {
            found = new ArrayList<>();
            for (FaceBox last : previousFaces) {
                for (FaceBox f : detector.detectNear(bgr, width, height, last)) {
                    if (found.stream().noneMatch(o -> FaceBox.iou(o, f) > 0.5)) {
                        found.add(f);
                    }
                }
            }
        }
        chained = true;
        previousFaces = found;
        previousThumb = thumb;
        if (!own) {
            return;
        }
        for (FaceBox f : found) {
            float mouth = before == null ? -1f : (float) mouthMotion(grey, before, f);
            faces.add(
                    FaceSample.newBuilder()
                            .setTimeUs(timeUs)
                            .setX(f.x())
                            .setY(f.y())
                            .setWidth(f.width())
                            .setHeight(f.height())
                            .setConfidence(f.confidence())
                            .setMouthMotion(mouth)
                            .build());
        }
        visuals.add(profiles(timeUs, grey, before));
    }

    /** A 32-column grey thumbnail (mean of each cell). */
    private byte[] thumbnail(byte[] grey) {
        int tw = 32;
        int th = Math.max(1, 32 * height / width);
        long[] sums = new long[tw * th];
        int[] counts = new int[tw * th];
        for (int y = 0; y < height; y++) {
            int ty = Math.min(th - 1, y * th / height);
            for (int x = 0; x < width; x++) {
                int i = ty * tw + Math.min(tw - 1, x * tw / width);
                sums[i] += grey[y * width + x] & 0xff;
                counts[i]++;
            }
        }
        byte[] out = new byte[tw * th];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) (counts[i] == 0 ? 0 : sums[i] / counts[i]);
        }
        return out;
    }

    /**
     * Whether the picture changed like a cut between two samples: a third of the thumbnail's cells
     * moved by more than 20 grey levels.
     */
    static boolean changed(byte[] a, byte[] b) {
        int moved = 0;
        for (int i = 0; i < a.length; i++) {
            if (Math.abs((a[i] & 0xff) - (b[i] & 0xff)) > 20) {
                moved++;
            }
        }
        return moved * 3 > a.length;
    }

    /** Mouth-region change beyond the eyes-band change, grey levels. */
    double mouthMotion(byte[] now, byte[] before, FaceBox f) {
        double fx = f.x() * width;
        double fy = f.y() * height;
        double fw = f.width() * width;
        double fh = f.height() * height;
        // the head may have moved: align the eyes band first (a small block search)
        int reach = (int) Math.max(2, Math.ceil(0.1 * fw));
        int bestDx = 0;
        int bestDy = 0;
        double eyes = Double.MAX_VALUE;
        for (int dy = -reach / 2; dy <= reach / 2; dy++) {
            for (int dx = -reach; dx <= reach; dx++) {
                double e =
                        meanChange(
                                now,
                                before,
                                fx + 0.15 * fw,
                                fy + 0.2 * fh,
                                fx + 0.85 * fw,
                                fy + 0.5 * fh,
                                dx,
                                dy);
                if (e < eyes - 1e-9 || (Math.abs(e - eyes) <= 1e-9 && dx == 0 && dy == 0)) {
                    eyes = e;
                    bestDx = dx;
                    bestDy = dy;
                }
            }
        }
        double mouth =
                meanChange(
                        now,
                        before,
                        fx + 0.25 * fw,
                        fy + 0.65 * fh,
                        fx + 0.75 * fw,
                        fy + fh,
                        bestDx,
                        bestDy);
        return Math.max(0, mouth - eyes);
    }

    /** Mean absolute difference of {@code a} over a box and {@code b} over it shifted by dx, dy. */
    private double meanChange(
            byte[] a, byte[] b, double x0, double y0, double x1, double y1, int dx, int dy) {
        int l = (int) Math.max(Math.max(0, -dx), Math.floor(x0));
        int t = (int) Math.max(Math.max(0, -dy), Math.floor(y0));
        int r = (int) Math.min(Math.min(width, width - dx), Math.ceil(x1));
        int bottom = (int) Math.min(Math.min(height, height - dy), Math.ceil(y1));
        long sum = 0;
        long n = 0;
        for (int y = t; y < bottom; y++) {
            int row = y * width;
            int shifted = (y + dy) * width + dx;
            for (int x = l; x < r; x++) {
                sum += Math.abs((a[row + x] & 0xff) - (b[shifted + x] & 0xff));
                n++;
            }
        }
        return n == 0 ? 0 : (double) sum / n;
    }

    private VisualSample profiles(long timeUs, byte[] grey, byte[] before) {
        double[] detailCols = new double[BANDS];
        double[] detailRows = new double[BANDS];
        double[] motionCols = new double[BANDS];
        double[] motionRows = new double[BANDS];
        for (int y = 0; y < height - 1; y++) {
            int row = y * BANDS / height;
            for (int x = 0; x < width - 1; x++) {
                int i = y * width + x;
                int p = grey[i] & 0xff;
                int g = Math.abs((grey[i + 1] & 0xff) - p) + Math.abs((grey[i + width] & 0xff) - p);
                int col = x * BANDS / width;
                detailCols[col] += g;
                detailRows[row] += g;
                if (before != null) {
                    int m = Math.abs(p - (before[i] & 0xff));
                    motionCols[col] += m;
                    motionRows[row] += m;
                }
            }
        }
        double perColumnBand = (double) (width - 1) / BANDS * (height - 1);
        double perRowBand = (double) (height - 1) / BANDS * (width - 1);
        return VisualSample.newBuilder()
                .setTimeUs(timeUs)
                .setDetailColumns(normalised(detailCols, perColumnBand, true))
                .setDetailRows(normalised(detailRows, perRowBand, true))
                .setMotionColumns(normalised(motionCols, perColumnBand, before != null))
                .setMotionRows(normalised(motionRows, perRowBand, before != null))
                .build();
    }

    private static List<Float> normalised(double[] sums, double pixels, boolean known) {
        List<Float> out = new ArrayList<>(sums.length);
        for (double s : sums) {
            out.add(known ? (float) (Math.round(s / pixels * 100) / 100.0) : -1f);
        }
        return out;
    }

    /** The faces found so far, in time order, without track ids. */
    public List<FaceSample> faces() {
        return faces;
    }

    public List<VisualSample> visualSamples() {
        return visuals;
    }

    @Override
    public void close() {
        scaler.close();
    }
}
