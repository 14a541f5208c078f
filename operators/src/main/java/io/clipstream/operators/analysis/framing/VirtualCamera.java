package io.clipstream.operators.analysis.framing;

import io.clipstream.operators.analysis.CropPlanner;
import io.clipstream.schemas.CropKeyframe;
import io.clipstream.schemas.CropPath;
import io.clipstream.schemas.FaceSample;
import io.clipstream.schemas.ShotFraming;
import io.clipstream.schemas.StreamFacts;
import io.clipstream.schemas.TimeSpan;
import io.clipstream.schemas.VisualSample;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Frames each shot of a clip for an output aspect ratio, the way a camera operator would: it
 * decides per shot, from everything sampled in the shot, before the shot's first frame is shown, so
 * a cut never needs frames to settle and the window never pans across a cut.
 *
 * <ul>
 *   <li><b>Whom to show.</b> With faces, the one speaking: a face's mouth motion while the voice is
 *       active, less its mouth motion while it is not, over the two seconds around each sample. A
 *       turn shorter than {@link Settings#minTurnUs} is not followed. Without speech evidence, the
 *       largest and steadiest face.
 *   <li><b>How.</b> One fixed window when the subject's movement over the turn fits inside it with
 *       a margin; otherwise a smoothed path (a Gaussian over the samples) limited to a maximum pan
 *       speed, as keyframes that glide.
 *   <li><b>Two speakers</b> who both fit in the window share it. When they do not, a tall output
 *       stacks them (split) if turns are short; otherwise the window switches with a hard cut at
 *       each turn.
 *   <li><b>No face</b>: a still picture whose detail spreads wider than the window (a slide, a
 *       screen recording) is letterboxed whole; otherwise the window holds the region with the most
 *       detail and motion; a shot with nothing sampled keeps the centre.
 * </ul>
 *
 * The window always has the output's aspect ratio and lies inside the displayed frame.
 */
public final class VirtualCamera {

    /**
     * @param maxPanPerSecond fastest pan, as a share of the frame's free dimension per second
     * @param smoothingUs standard deviation of the Gaussian that smooths a tracking path
     * @param minTurnUs a speaker must hold the floor this long to be followed
     * @param splitTurnUs speakers who do not fit one window are stacked when their turns average
     *     shorter than this; longer turns are cut between
     * @param minEvidence mouth motion (grey levels) that counts as speaking
     * @param stillMotion mean change (grey levels per pixel over 100 ms) below which a picture is
     *     still
     */
    public record Settings(
            double maxPanPerSecond,
            long smoothingUs,
            long minTurnUs,
            long splitTurnUs,
            double minEvidence,
            double stillMotion)
            implements Serializable {
        public static final Settings DEFAULT =
                new Settings(0.4, 400_000, 1_000_000, 5_000_000, 0.4, 1.0);
    }

    /** What the analysis found for the whole video. */
    public record Scene(
            StreamFacts facts,
            List<Long> cutsUs,
            List<FaceSample> faces,
            List<VisualSample> visuals,
            List<TimeSpan> speech) {}

    /** Room around a face inside the window, in face widths. */
    static final double MARGIN = 0.3;

    /** Window around a speaking mouth, in seconds each side, for the speaking evidence. */
    static final long EVIDENCE_US = 1_000_000;

    /** A track must appear in this share of a shot's samples to be framed. */
    static final double MIN_PRESENCE = 0.25;

    private final Settings settings;

    public VirtualCamera(Settings settings) {
        this.settings = settings;
    }

    /** The crop path of clip {@code [startUs, endUs)} for {@code aspect}. */
    public CropPath plan(Scene scene, String aspect, long startUs, long endUs) {
        Geometry g = Geometry.of(scene.facts(), aspect);
        List<CropKeyframe> keys = new ArrayList<>();
        List<ShotFraming> shots = new ArrayList<>();
        List<Long> edges = new ArrayList<>();
        edges.add(startUs);
        for (long cut : scene.cutsUs()) {
            if (cut > startUs && cut < endUs) {
                edges.add(cut);
            }
        }
        edges.add(endUs);
        for (int i = 0; i + 1 < edges.size(); i++) {
            long a = edges.get(i);
            long b = edges.get(i + 1);
            Framing f = frameShot(scene, g, a, b);
            List<CropKeyframe> shotKeys = f.keys();
            // the last keyframe of a shot holds: nothing glides across a cut
            CropKeyframe last = shotKeys.get(shotKeys.size() - 1);
            last.setGlide(false);
            keys.addAll(shotKeys);
            shots.add(new ShotFraming(a, b, f.layout(), f.subject(), f.moving()));
        }
        return CropPath.newBuilder()
                .setAspect(aspect)
                .setOutputWidth(g.outW)
                .setOutputHeight(g.outH)
                .setKeyframes(keys)
                .setShots(shots)
                .build();
    }

    private record Framing(
            List<CropKeyframe> keys, String layout, String subject, boolean moving) {}

    private Framing frameShot(Scene scene, Geometry g, long a, long b) {
        if (g.axis == Axis.NONE) {
            return new Framing(List.of(g.key(a, 0)), "crop", "whole", false);
        }
        List<VisualSample> visuals = between(scene.visuals(), VisualSample::getTimeUs, a, b);
        List<FaceSample> faces = between(scene.faces(), FaceSample::getTimeUs, a, b);
        int samples = Math.max(1, visuals.size());
        Map<Integer, List<FaceSample>> tracks = new LinkedHashMap<>();
        for (FaceSample f : faces) {
            tracks.computeIfAbsent(f.getTrackId(), k -> new ArrayList<>()).add(f);
        }
        tracks.values()
                .removeIf(
                        t ->
                                t.size() < Math.max(1, Math.ceil(MIN_PRESENCE * samples))
                                        || (samples >= 4 && t.size() < 2));
        if (tracks.isEmpty()) {
            return frameWithoutFaces(g, visuals, a);
        }
        List<long[]> turns = turns(tracks, scene.faces(), scene.speech(), visuals, a, b);
        boolean fromSpeech = turns.stream().anyMatch(t -> t[2] >= 0);
        if (!fromSpeech) {
            int subject = steadiest(tracks, g);
            return follow(g, tracks.get(subject), a, b, "face");
        }
        List<Integer> speakers = new ArrayList<>();
        Map<Integer, Long> floor = new LinkedHashMap<>();
        for (long[] t : turns) {
            if (t[2] >= 0) {
                floor.merge((int) t[2], t[1] - t[0], Long::sum);
            }
        }
        floor.entrySet().stream()
                .sorted(Map.Entry.<Integer, Long>comparingByValue().reversed())
                .forEach(e -> speakers.add(e.getKey()));
        if (speakers.size() == 1) {
            return follow(g, tracks.get(speakers.get(0)), a, b, "speaker");
        }
        List<FaceSample> first = tracks.get(speakers.get(0));
        List<FaceSample> second = tracks.get(speakers.get(1));
        List<FaceSample> both = new ArrayList<>(first);
        both.addAll(second);
        double[] extent = g.extent(both);
        if (extent[1] - extent[0] <= g.windowSpan()) {
            return new Framing(
                    List.of(g.key(a, g.place((extent[0] + extent[1]) / 2))),
                    "crop",
                    "speakers",
                    false);
        }
        long turnCount = turns.stream().filter(t -> t[2] >= 0).count();
        long meanTurn = (b - a) / Math.max(1, turnCount);
        if (g.tall() && g.axis == Axis.X && meanTurn < settings.splitTurnUs()) {
            return split(g, first, second, a);
        }
        List<CropKeyframe> keys = new ArrayList<>();
        boolean moving = false;
        for (long[] t : turns) {
            List<FaceSample> track = tracks.get((int) (t[2] >= 0 ? t[2] : speakers.get(0)));
            Framing f = follow(g, track, t[0], t[1], "speaker");
            if (!keys.isEmpty()) {
                keys.get(keys.size() - 1).setGlide(false);
            }
            keys.addAll(f.keys());
            moving |= f.moving();
        }
        return new Framing(keys, "crop", "speaker", moving);
    }

    /**
     * Speaker turns in {@code [a, b)} as {@code {start, end, trackId}}; trackId -1 when nobody is
     * seen speaking in the whole shot.
     */
    private List<long[]> turns(
            Map<Integer, List<FaceSample>> tracks,
            List<FaceSample> allFaces,
            List<TimeSpan> speech,
            List<VisualSample> visuals,
            long a,
            long b) {
        List<Long> times = new ArrayList<>();
        visuals.forEach(v -> times.add(v.getTimeUs()));
        if (times.isEmpty()) {
            tracks.values().forEach(t -> t.forEach(f -> times.add(f.getTimeUs())));
            times.sort(Long::compare);
        }
        int[] label = new int[times.size()];
        for (int i = 0; i < times.size(); i++) {
            long t = times.get(i);
            label[i] = -1;
            if (!voiced(speech, t)) {
                continue;
            }
            // the clearest speaker, when clearly ahead of the next (by half again)
            double best = 0;
            double second = 0;
            int who = -1;
            for (Map.Entry<Integer, List<FaceSample>> e : tracks.entrySet()) {
                double ev = evidence(e.getValue(), speech, t);
                if (ev > best) {
                    second = best;
                    best = ev;
                    who = e.getKey();
                } else if (ev > second) {
                    second = ev;
                }
            }
            if (best >= settings.minEvidence() && best >= 1.5 * second) {
                label[i] = who;
            }
        }
        // unlabelled samples keep the speaker before them (or after, at the start)
        int known = -1;
        for (int i = 0; i < label.length; i++) {
            if (label[i] >= 0) {
                known = label[i];
            } else {
                label[i] = known;
            }
        }
        known = -1;
        for (int i = label.length - 1; i >= 0; i--) {
            if (label[i] >= 0) {
                known = label[i];
            } else {
                label[i] = known;
            }
        }
        List<long[]> runs = new ArrayList<>();
        for (int i = 0; i < label.length; i++) {
            long start = i == 0 ? a : turnStart(speech, times.get(i - 1), times.get(i));
            if (!runs.isEmpty() && runs.get(runs.size() - 1)[2] == label[i]) {
                continue;
            }
            if (!runs.isEmpty()) {
                runs.get(runs.size() - 1)[1] = start;
            }
            runs.add(new long[] {start, b, label[i]});
        }
        if (runs.isEmpty()) {
            runs.add(new long[] {a, b, -1});
        }
        // short turns are not followed: they join the turn before (or after)
        boolean merged = true;
        while (merged && runs.size() > 1) {
            merged = false;
            int shortest = -1;
            for (int i = 0; i < runs.size(); i++) {
                long length = runs.get(i)[1] - runs.get(i)[0];
                if (length < settings.minTurnUs()
                        && (shortest < 0
                                || length < runs.get(shortest)[1] - runs.get(shortest)[0])) {
                    shortest = i;
                }
            }
            if (shortest >= 0) {
                long[] r = runs.remove(shortest);
                if (shortest > 0) {
                    runs.get(shortest - 1)[1] = r[1];
                } else {
                    runs.get(0)[0] = r[0];
                }
                for (int i = runs.size() - 1; i > 0; i--) {
                    if (runs.get(i)[2] == runs.get(i - 1)[2]) {
                        runs.get(i - 1)[1] = runs.get(i)[1];
                        runs.remove(i);
                    }
                }
                merged = true;
            }
        }
        return runs;
    }

    /**
     * Where a turn first seen at sample {@code t} begins: in the middle of the pause before the
     * speech it belongs to, when that pause lies after the previous sample; else at {@code t}. Cuts
     * between speakers fall in the pause, as an editor would place them.
     */
    static long turnStart(List<TimeSpan> speech, long previous, long t) {
        long start = t;
        long pauseFrom = Long.MIN_VALUE;
        for (TimeSpan s : speech) {
            if (s.getStartUs() <= t && t < s.getEndUs()) {
                start = s.getStartUs();
            }
            if (s.getEndUs() <= t && s.getEndUs() > pauseFrom) {
                pauseFrom = s.getEndUs();
            }
        }
        if (start == t || pauseFrom == Long.MIN_VALUE || pauseFrom > start) {
            return t;
        }
        long middle = (pauseFrom + start) / 2;
        return middle > previous ? middle : t;
    }

    /**
     * How much a face's mouth moves with the voice around {@code t}: its mean mouth motion at
     * voiced samples less that at unvoiced ones within {@link #EVIDENCE_US}.
     */
    static double evidence(List<FaceSample> track, List<TimeSpan> speech, long t) {
        double voicedSum = 0;
        int voicedN = 0;
        double silentSum = 0;
        int silentN = 0;
        for (FaceSample f : track) {
            if (Math.abs(f.getTimeUs() - t) > EVIDENCE_US || f.getMouthMotion() < 0) {
                continue;
            }
            if (voiced(speech, f.getTimeUs())) {
                voicedSum += f.getMouthMotion();
                voicedN++;
            } else {
                silentSum += f.getMouthMotion();
                silentN++;
            }
        }
        if (voicedN == 0) {
            return 0;
        }
        return voicedSum / voicedN - (silentN == 0 ? 0 : silentSum / silentN);
    }

    static boolean voiced(List<TimeSpan> speech, long t) {
        for (TimeSpan s : speech) {
            if (s.getStartUs() <= t && t < s.getEndUs()) {
                return true;
            }
        }
        return false;
    }

    /** The largest face that moves least for its size, weighted by how often it is seen. */
    private static int steadiest(Map<Integer, List<FaceSample>> tracks, Geometry g) {
        int best = -1;
        double bestScore = -1;
        for (Map.Entry<Integer, List<FaceSample>> e : tracks.entrySet()) {
            List<FaceSample> t = e.getValue();
            double size = t.stream().mapToDouble(FaceSample::getWidth).average().orElse(0);
            double mean = t.stream().mapToDouble(g::centre).average().orElse(0);
            double var =
                    t.stream()
                            .mapToDouble(f -> Math.pow(g.centre(f) - mean, 2))
                            .average()
                            .orElse(0);
            double wobble = Math.sqrt(var) / Math.max(1e-6, size * g.freeSize());
            double score = size * t.size() / (1 + wobble);
            if (score > bestScore) {
                bestScore = score;
                best = e.getKey();
            }
        }
        return best;
    }

    /** Keeps one face in the window over {@code [a, b)}: fixed if it can, else a smooth pan. */
    private Framing follow(Geometry g, List<FaceSample> track, long a, long b, String subject) {
        List<FaceSample> in = between(track, FaceSample::getTimeUs, a, b);
        if (in.isEmpty()) {
            in = nearest(track, a, b);
        }
        double[] extent = g.extent(in);
        if (extent[1] - extent[0] <= g.windowSpan()) {
            return new Framing(
                    List.of(g.key(a, g.place((extent[0] + extent[1]) / 2))),
                    "crop",
                    subject,
                    false);
        }
        int n = in.size();
        long[] t = new long[n];
        double[] centre = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = in.get(i).getTimeUs();
            centre[i] = g.centre(in.get(i));
        }
        double[] smooth = new double[n];
        double sigma = settings.smoothingUs();
        for (int i = 0; i < n; i++) {
            double sum = 0;
            double weights = 0;
            for (int j = 0; j < n; j++) {
                double d = (t[j] - t[i]) / sigma;
                if (Math.abs(d) <= 3) {
                    double w = Math.exp(-0.5 * d * d);
                    sum += w * centre[j];
                    weights += w;
                }
            }
            smooth[i] = sum / weights;
        }
        // keep each face inside the window where the window can hold it
        double[] pos = new double[n];
        for (int i = 0; i < n; i++) {
            double[] face = g.extent(List.of(in.get(i)));
            double p = smooth[i] - g.span / 2.0;
            double lo = face[1] - g.span;
            double hi = face[0];
            if (lo <= hi) {
                p = Math.max(lo, Math.min(hi, p));
            }
            pos[i] = g.clamp(p);
        }
        // no pan faster than the limit, in either direction of time
        double vmax = settings.maxPanPerSecond() * g.freeSize() / 1e6;
        for (int i = 1; i < n; i++) {
            double step = vmax * (t[i] - t[i - 1]);
            pos[i] = Math.max(pos[i - 1] - step, Math.min(pos[i - 1] + step, pos[i]));
        }
        for (int i = n - 2; i >= 0; i--) {
            double step = vmax * (t[i + 1] - t[i]);
            pos[i] = Math.max(pos[i + 1] - step, Math.min(pos[i + 1] + step, pos[i]));
        }
        List<CropKeyframe> keys = new ArrayList<>();
        keys.add(g.key(a, g.clamp(pos[0])));
        for (int i = 0; i < n; i++) {
            if (t[i] > a) {
                keys.add(g.key(t[i], g.clamp(pos[i])));
            }
        }
        keys.forEach(k -> k.setGlide(true));
        return new Framing(keys, "crop", subject, true);
    }

    private static List<FaceSample> nearest(List<FaceSample> track, long a, long b) {
        FaceSample best = track.get(0);
        for (FaceSample f : track) {
            long d = f.getTimeUs() < a ? a - f.getTimeUs() : Math.max(0, f.getTimeUs() - b);
            long bd =
                    best.getTimeUs() < a ? a - best.getTimeUs() : Math.max(0, best.getTimeUs() - b);
            if (d < bd) {
                best = f;
            }
        }
        return List.of(best);
    }

    /** Two speakers stacked: the one on the left on top, each in a window around the face. */
    private Framing split(Geometry g, List<FaceSample> p, List<FaceSample> q, long a) {
        List<FaceSample> left = g.medianCentre(p) <= g.medianCentre(q) ? p : q;
        List<FaceSample> right = left == p ? q : p;
        int[] top = g.halfWindow(left);
        int[] bottom = g.halfWindow(right);
        CropKeyframe k =
                CropKeyframe.newBuilder()
                        .setTimeUs(a)
                        .setX(top[0])
                        .setY(top[1])
                        .setWidth(top[2])
                        .setHeight(top[3])
                        .setLayout("split")
                        .setX2(bottom[0])
                        .setY2(bottom[1])
                        .setWidth2(bottom[2])
                        .setHeight2(bottom[3])
                        .build();
        return new Framing(List.of(k), "split", "speakers", false);
    }

    private Framing frameWithoutFaces(Geometry g, List<VisualSample> visuals, long a) {
        if (visuals.isEmpty()) {
            return new Framing(
                    List.of(g.key(a, g.clamp((g.freeSize() - g.span) / 2.0))),
                    "crop",
                    "centre",
                    false);
        }
        double[] detail = new double[BANDS];
        double[] motion = new double[BANDS];
        int motionSamples = 0;
        for (VisualSample v : visuals) {
            List<Float> d = g.axis == Axis.X ? v.getDetailColumns() : v.getDetailRows();
            List<Float> m = g.axis == Axis.X ? v.getMotionColumns() : v.getMotionRows();
            boolean known = m.get(0) >= 0;
            for (int i = 0; i < BANDS; i++) {
                detail[i] += d.get(i) / visuals.size();
                if (known) {
                    motion[i] += m.get(i);
                }
            }
            motionSamples += known ? 1 : 0;
        }
        double meanMotion = 0;
        double totalDetail = 0;
        for (int i = 0; i < BANDS; i++) {
            motion[i] = motionSamples == 0 ? 0 : motion[i] / motionSamples;
            meanMotion += motion[i] / BANDS;
            totalDetail += detail[i];
        }
        double[] salience = new double[BANDS];
        for (int i = 0; i < BANDS; i++) {
            salience[i] = detail[i] + 2 * motion[i];
        }
        double best = -1;
        double bestPos = 0;
        double total = 0;
        for (double s : salience) {
            total += s;
        }
        int steps = 64;
        for (int s = 0; s <= steps; s++) {
            double pos = (g.freeSize() - g.span) * s / steps;
            double covered = covered(salience, pos / g.freeSize(), (pos + g.span) / g.freeSize());
            // prefer the centre among equals
            covered -= 1e-9 * Math.abs(pos - (g.freeSize() - g.span) / 2.0);
            if (covered > best) {
                best = covered;
                bestPos = pos;
            }
        }
        double detailShare =
                covered(detail, bestPos / g.freeSize(), (bestPos + g.span) / g.freeSize())
                        / Math.max(1e-9, totalDetail);
        boolean still = motionSamples > 0 && meanMotion < settings.stillMotion();
        double windowShare = g.span / (double) g.freeSize();
        if (still && totalDetail / BANDS >= 4 && detailShare < windowShare + 0.2) {
            // the detail is spread over the frame as in a slide: show all of it
            return new Framing(List.of(g.letterbox(a)), "letterbox", "slide", false);
        }
        if (total <= 0) {
            return new Framing(
                    List.of(g.key(a, g.clamp((g.freeSize() - g.span) / 2.0))),
                    "crop",
                    "centre",
                    false);
        }
        return new Framing(List.of(g.key(a, g.clamp(bestPos))), "crop", "saliency", false);
    }

    private static final int BANDS = io.clipstream.operators.analysis.faces.FaceSampler.BANDS;

    /** Sum of band values covered by {@code [from, to)} in shares of the axis, fractionally. */
    static double covered(double[] bands, double from, double to) {
        double sum = 0;
        for (int i = 0; i < bands.length; i++) {
            double lo = (double) i / bands.length;
            double hi = (double) (i + 1) / bands.length;
            double overlap = Math.max(0, Math.min(hi, to) - Math.max(lo, from));
            sum += bands[i] * overlap * bands.length;
        }
        return sum;
    }

    private static <T> List<T> between(
            List<T> items, java.util.function.ToLongFunction<T> time, long a, long b) {
        List<T> out = new ArrayList<>();
        for (T item : items) {
            long t = time.applyAsLong(item);
            if (t >= a && t < b) {
                out.add(item);
            }
        }
        out.sort(Comparator.comparingLong(time));
        return out;
    }

    enum Axis {
        X,
        Y,
        NONE
    }

    /** The displayed frame, the output and the largest window of the output's shape. */
    static final class Geometry {
        final int width;
        final int height;
        final int outW;
        final int outH;
        final int cw;
        final int ch;
        final Axis axis;
        final int span;

        private Geometry(int width, int height, int outW, int outH, int cw, int ch) {
            this.width = width;
            this.height = height;
            this.outW = outW;
            this.outH = outH;
            this.cw = cw;
            this.ch = ch;
            this.axis = cw < width - 1 ? Axis.X : ch < height - 1 ? Axis.Y : Axis.NONE;
            this.span = axis == Axis.Y ? ch : cw;
        }

        static Geometry of(StreamFacts facts, String aspect) {
            CropPath centre = CropPlanner.centre(facts, aspect, 0);
            CropKeyframe k = centre.getKeyframes().get(0);
            boolean quarterTurn = facts.getRotation() % 180 != 0;
            int w = quarterTurn ? facts.getHeight() : facts.getWidth();
            int h = quarterTurn ? facts.getWidth() : facts.getHeight();
            return new Geometry(
                    w,
                    h,
                    centre.getOutputWidth(),
                    centre.getOutputHeight(),
                    k.getWidth(),
                    k.getHeight());
        }

        boolean tall() {
            return outH >= 1.5 * outW;
        }

        int freeSize() {
            return axis == Axis.Y ? height : width;
        }

        int windowSpan() {
            return span;
        }

        double centre(FaceSample f) {
            return axis == Axis.Y
                    ? (f.getY() + f.getHeight() / 2) * height
                    : (f.getX() + f.getWidth() / 2) * width;
        }

        double medianCentre(List<FaceSample> faces) {
            double[] c = faces.stream().mapToDouble(this::centre).sorted().toArray();
            return c[c.length / 2];
        }

        /** Lowest and highest edge of the faces on the free axis, with the margin added. */
        double[] extent(List<FaceSample> faces) {
            double lo = Double.MAX_VALUE;
            double hi = -Double.MAX_VALUE;
            for (FaceSample f : faces) {
                double start = axis == Axis.Y ? f.getY() * height : f.getX() * width;
                double size = axis == Axis.Y ? f.getHeight() * height : f.getWidth() * width;
                double m = MARGIN * size;
                lo = Math.min(lo, start - m);
                hi = Math.max(hi, start + size + m);
            }
            return new double[] {Math.max(0, lo), Math.min(freeSize(), hi)};
        }

        /** Window position that centres {@code centre}, inside the frame. */
        double place(double centre) {
            return clamp(centre - span / 2.0);
        }

        double clamp(double pos) {
            return Math.max(0, Math.min(freeSize() - span, pos));
        }

        CropKeyframe key(long timeUs, double pos) {
            int p = ((int) Math.round(clamp(pos))) & ~1;
            int x = axis == Axis.X ? p : ((width - cw) / 2) & ~1;
            int y = axis == Axis.Y ? p : ((height - ch) / 2) & ~1;
            return CropKeyframe.newBuilder()
                    .setTimeUs(timeUs)
                    .setX(x)
                    .setY(y)
                    .setWidth(cw)
                    .setHeight(ch)
                    .build();
        }

        CropKeyframe letterbox(long timeUs) {
            return CropKeyframe.newBuilder()
                    .setTimeUs(timeUs)
                    .setX(0)
                    .setY(0)
                    .setWidth(width & ~1)
                    .setHeight(height & ~1)
                    .setLayout("letterbox")
                    .build();
        }

        /**
         * A window for half of a stacked output around a face: three face heights tall (at most the
         * frame), the face a little above its middle.
         */
        int[] halfWindow(List<FaceSample> faces) {
            double[] cx =
                    faces.stream()
                            .mapToDouble(f -> (f.getX() + f.getWidth() / 2) * width)
                            .sorted()
                            .toArray();
            double[] cy =
                    faces.stream()
                            .mapToDouble(f -> (f.getY() + f.getHeight() / 2) * height)
                            .sorted()
                            .toArray();
            double[] fh =
                    faces.stream().mapToDouble(f -> f.getHeight() * height).sorted().toArray();
            double aspect = outW / (outH / 2.0);
            double h = Math.min(height, 3 * fh[fh.length / 2]);
            double w = h * aspect;
            if (w > width) {
                w = width;
                h = w / aspect;
            }
            int iw = ((int) Math.round(w)) & ~1;
            int ih = ((int) Math.round(h)) & ~1;
            double x = cx[cx.length / 2] - w / 2;
            double y = cy[cy.length / 2] - 0.45 * h;
            int ix = ((int) Math.round(Math.max(0, Math.min(width - iw, x)))) & ~1;
            int iy = ((int) Math.round(Math.max(0, Math.min(height - ih, y)))) & ~1;
            return new int[] {ix, iy, iw, ih};
        }
    }
}
