package io.clipstream.operators.analysis.faces;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_GRAY8;

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
 * fixed for the whole video, it finds the faces in a small copy of the displayed frame and measures
 * where the picture has detail and motion.
 *
 * <p>A sample is the first frame at or after a grid time {@code k * period}. The whole frame is
 * searched by the detector at every {@code keyEvery}-th grid time (every 2 s by default) and where
 * the picture changed like a cut since the last sample; while nobody is in view, every third sample
 * is also searched, cheaply, for a close face ({@link FaceDetector#detectLarge}); in between, each
 * face is followed from the last sample by block matching (a fraction of a millisecond), and the
 * detector is asked again near it only where the match is poor. Which frames are sampled depends
 * only on frame times, and a segment starts its search at the last key sample before it (decoding
 * begins {@link Settings#lookBackUs()} early), so every split of a video gives the same samples.
 *
 * <p>Mouth motion, the cue for who is speaking, is the mean absolute change since the last sample
 * over the lower middle of the face box, less the change over the eyes band, both after aligning
 * the eyes band (where the face moved, then a small block search): a head that moves or nods
 * changes both, a mouth that speaks only the first.
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
        public static final Settings DEFAULT = new Settings("auto", null, 384, 5.0, 0.03, 1.2, 10);
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
            return (keyEvery + 1) * periodUs() + periodUs() / 4;
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

    /** Mean grey-level difference above which a followed face is looked for again. */
    static final double LOST = 18;

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
    private final FrameScaler colour;
    private final FrameScaler luma;
    private final byte[] coded;
    private AVFrame picture;
    private byte[] previousGrey;
    private long previousGridUs = Long.MIN_VALUE;
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
        this.colour = new FrameScaler(codedW, codedH, AV_PIX_FMT_BGR24, 3);
        this.luma = new FrameScaler(codedW, codedH, AV_PIX_FMT_GRAY8, 1);
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
        long sampleGrid = gridTimeSampled(previousUs, timeUs, periodUs, 0);
        boolean key = sampleGrid >= 0 && Math.floorDiv(sampleGrid, periodUs) % keyEvery == 0;
        if (sampleGrid < 0 || !(chained || key)) {
            return;
        }
        this.picture = picture;
        byte[] grey = displayed(luma, 1);
        boolean consecutive = previousGrey != null && previousGridUs + periodUs == sampleGrid;
        colourCache = null;
        sample(timeUs, grey, consecutive ? previousGrey : null, key, own);
        this.picture = null;
        colourCache = null;
        previousGrey = grey;
        previousGridUs = sampleGrid;
    }

    /**
     * The sample's picture as displayed (rotated), grey or BGR: the detectors get colour, the rest
     * works on grey, so colour is scaled only for the samples a detector looks at.
     */
    private byte[] displayed(FrameScaler scaler, int bytes) {
        scaler.scale(picture, coded);
        int cw = scaler.width();
        int ch = scaler.height();
        byte[] out = new byte[width * height * bytes];
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
                System.arraycopy(coded, from * bytes, out, (y * width + x) * bytes, bytes);
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

    private byte[] colourCache;

    /** The sample in colour, scaled once per sample when first asked for. */
    private byte[] colour() {
        if (colourCache == null) {
            colourCache = displayed(colour, 3);
        }
        return colourCache;
    }

    /**
     * Finds the faces of a sample: the whole frame at key samples and where the picture changed
     * since the last sample (a cut), else again near each face of the last sample. Samples of
     * frames before the segment only carry the search forward.
     */
    private void sample(long timeUs, byte[] grey, byte[] before, boolean key, boolean own) {
        byte[] thumb = thumbnail(grey);
        boolean changed = previousThumb != null && changed(previousThumb, thumb);
        List<FaceBox> found;
        // while nobody is in view, every third sample is searched cheaply for a close face
        boolean looking = previousFaces.isEmpty() && Math.floorDiv(timeUs, periodUs) % 3 == 0;
        if (key || changed || !chained || before == null) {
            found = detector.detect(colour(), width, height);
        } else if (looking) {
            found = detector.detectLarge(colour(), width, height);
        } else {
            found = new ArrayList<>();
            for (FaceBox last : previousFaces) {
                FaceBox moved = follow(before, grey, last);
                List<FaceBox> again =
                        moved != null
                                ? List.of(moved)
                                : detector.detectNear(colour(), width, height, last);
                for (FaceBox f : again) {
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
        for (int y = 0; y < height; y += 2) {
            int ty = Math.min(th - 1, y * th / height);
            for (int x = 0; x < width; x += 2) {
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

    /**
     * Where face {@code last} of the previous sample is now: the shift of its box that best matches
     * the previous picture, searched coarse to fine up to 0.3 face widths; null when even the best
     * match differs by more than {@link #LOST} grey levels (it turned, was covered or left).
     */
    FaceBox follow(byte[] before, byte[] now, FaceBox last) {
        double fx = last.x() * width;
        double fy = last.y() * height;
        double fw = last.width() * width;
        double fh = last.height() * height;
        int[] shift =
                bestShift(
                        before,
                        now,
                        fx,
                        fy,
                        fx + fw,
                        fy + fh,
                        0,
                        0,
                        (int) Math.max(3, Math.round(0.3 * fw)),
                        2);
        if (shift[2] / 1000.0 > LOST) {
            return null;
        }
        return new FaceBox(
                (float) ((fx + shift[0]) / width),
                (float) ((fy + shift[1]) / height),
                last.width(),
                last.height(),
                last.confidence());
    }

    /**
     * The shift {@code (dx, dy)} that best matches {@code a}'s box to {@code b} shifted by it,
     * within {@code reach} of {@code (cx, cy)} (half that vertically), first every {@code step}
     * pixels, then around the best; with the mean difference (times 1000) as the third value.
     */
    private int[] bestShift(
            byte[] a,
            byte[] b,
            double x0,
            double y0,
            double x1,
            double y1,
            int cx,
            int cy,
            int reach,
            int step) {
        int bx = cx;
        int by = cy;
        double best = Double.MAX_VALUE;
        for (int dy = cy - reach / 2; dy <= cy + reach / 2; dy += step) {
            for (int dx = cx - reach; dx <= cx + reach; dx += step) {
                double d = meanChange(a, b, x0, y0, x1, y1, dx, dy, 2);
                if (d < best - 1e-9) {
                    best = d;
                    bx = dx;
                    by = dy;
                }
            }
        }
        int fx = bx;
        int fy = by;
        for (int dy = by - step + 1; dy <= by + step - 1; dy++) {
            for (int dx = bx - step + 1; dx <= bx + step - 1; dx++) {
                double d = meanChange(a, b, x0, y0, x1, y1, dx, dy, 2);
                if (d < best - 1e-9) {
                    best = d;
                    fx = dx;
                    fy = dy;
                }
            }
        }
        return new int[] {fx, fy, (int) Math.round(best * 1000)};
    }

    /** Mouth-region change beyond the eyes-band change, grey levels. */
    double mouthMotion(byte[] now, byte[] before, FaceBox f) {
        double fx = f.x() * width;
        double fy = f.y() * height;
        double fw = f.width() * width;
        double fh = f.height() * height;
        // where the face was: the whole box matched against the last sample; then the eyes band
        // aligned within two pixels of that
        int[] moved =
                bestShift(
                        now,
                        before,
                        fx,
                        fy,
                        fx + fw,
                        fy + fh,
                        0,
                        0,
                        (int) Math.max(3, Math.round(0.3 * fw)),
                        2);
        int[] eyes =
                bestShift(
                        now,
                        before,
                        fx + 0.15 * fw,
                        fy + 0.2 * fh,
                        fx + 0.85 * fw,
                        fy + 0.5 * fh,
                        moved[0],
                        moved[1],
                        2,
                        1);
        double eyesChange =
                meanChange(
                        now,
                        before,
                        fx + 0.15 * fw,
                        fy + 0.2 * fh,
                        fx + 0.85 * fw,
                        fy + 0.5 * fh,
                        eyes[0],
                        eyes[1],
                        1);
        double mouth =
                meanChange(
                        now,
                        before,
                        fx + 0.25 * fw,
                        fy + 0.65 * fh,
                        fx + 0.75 * fw,
                        fy + fh,
                        eyes[0],
                        eyes[1],
                        1);
        return Math.max(0, mouth - eyesChange);
    }

    /** Mean absolute difference of {@code a} over a box and {@code b} over it shifted by dx, dy. */
    private double meanChange(
            byte[] a,
            byte[] b,
            double x0,
            double y0,
            double x1,
            double y1,
            int dx,
            int dy,
            int step) {
        int l = (int) Math.max(Math.max(0, -dx), Math.floor(x0));
        int t = (int) Math.max(Math.max(0, -dy), Math.floor(y0));
        int r = (int) Math.min(Math.min(width, width - dx), Math.ceil(x1));
        int bottom = (int) Math.min(Math.min(height, height - dy), Math.ceil(y1));
        long sum = 0;
        long n = 0;
        for (int y = t; y < bottom; y += step) {
            int row = y * width;
            int shifted = (y + dy) * width + dx;
            for (int x = l; x < r; x += step) {
                sum += Math.abs((a[row + x] & 0xff) - (b[shifted + x] & 0xff));
                n++;
            }
        }
        return n == 0 ? 0 : (double) sum / n;
    }

    /** Detail and motion per band, from every other pixel of every other row. */
    private VisualSample profiles(long timeUs, byte[] grey, byte[] before) {
        double[] detailCols = new double[BANDS];
        double[] detailRows = new double[BANDS];
        double[] motionCols = new double[BANDS];
        double[] motionRows = new double[BANDS];
        int[] colCount = new int[BANDS];
        int[] rowCount = new int[BANDS];
        for (int y = 0; y < height - 1; y += 2) {
            int row = y * BANDS / height;
            for (int x = 0; x < width - 1; x += 2) {
                int i = y * width + x;
                int p = grey[i] & 0xff;
                int g = Math.abs((grey[i + 1] & 0xff) - p) + Math.abs((grey[i + width] & 0xff) - p);
                int col = x * BANDS / width;
                detailCols[col] += g;
                detailRows[row] += g;
                colCount[col]++;
                rowCount[row]++;
                if (before != null) {
                    int m = Math.abs(p - (before[i] & 0xff));
                    motionCols[col] += m;
                    motionRows[row] += m;
                }
            }
        }
        return VisualSample.newBuilder()
                .setTimeUs(timeUs)
                .setDetailColumns(normalised(detailCols, colCount, true))
                .setDetailRows(normalised(detailRows, rowCount, true))
                .setMotionColumns(normalised(motionCols, colCount, before != null))
                .setMotionRows(normalised(motionRows, rowCount, before != null))
                .build();
    }

    private static List<Float> normalised(double[] sums, int[] pixels, boolean known) {
        List<Float> out = new ArrayList<>(sums.length);
        for (int i = 0; i < sums.length; i++) {
            double mean = pixels[i] == 0 ? 0 : sums[i] / pixels[i];
            out.add(known ? (float) (Math.round(mean * 100) / 100.0) : -1f);
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
        colour.close();
        luma.close();
    }
}
