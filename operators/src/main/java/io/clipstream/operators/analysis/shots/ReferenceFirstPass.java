package io.clipstream.operators.analysis.shots;

import io.clipstream.operators.analysis.DamagedFrames;
import io.clipstream.operators.analysis.SegmentAnalyzer;
import io.clipstream.operators.media.ProbeResult;
import io.clipstream.operators.media.SegmentPlan;
import io.clipstream.operators.media.SegmentPlanner;
import io.clipstream.schemas.FrameSignals;
import io.clipstream.schemas.SegmentAnalysis;
import io.clipstream.schemas.SegmentTask;
import io.clipstream.schemas.ShotBoundary;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Shot detection that decodes less and finds what a full decode finds.
 *
 * <p>A first pass decodes only the frames other frames are predicted from (FFmpeg's {@code
 * skip_frame=noref}: what no frame refers to is skipped, so every decoded picture is exactly the
 * full decode's) and judges the frames that are not B-frames: each frame it skips or does not look
 * at takes the next picture it looks at. With MPEG-4 Part 2, or x264 without its B-pyramid, that
 * skips every B-frame; x264's default pyramid keeps one B-frame of each run as a reference, which
 * is decoded (about half the frames are) but not looked at. Skipping every B-frame ({@code
 * skip_frame=bidir}) would decode less, but the frames predicted from a skipped reference come out
 * wrong until the next keyframe: on the real x264 footage of the accuracy suite such pictures were
 * a mean 7 to 56 levels off at the analysis size. Stretches the first pass cannot rule out are then
 * decoded in full, from the keyframe before them (reference frames only until shortly before them),
 * and their exact features replace the first pass's; the detector runs once over the result.
 *
 * <p>What the first pass rules out, and why that is safe:
 *
 * <ul>
 *   <li><b>hard cuts</b> need a plain difference of at least {@code minContent} (8) between two
 *       neighbouring frames. The difference is a mean absolute difference, so it obeys the triangle
 *       inequality: two decoded frames on either side of a cut differ by at least the cut's
 *       difference less the change within the shot on one side of it. A stretch is decoded in full
 *       wherever two consecutive decoded frames differ by half of {@code minContent} or more, so a
 *       cut is missed only if its shot changed by more than half the cut's minimum between two
 *       frames that were themselves not flagged, and such motion is flagged in turn by the frames
 *       around it;
 *   <li><b>dissolves</b> need a change of {@code dissolveMinChange} (18) over the lag (0.4 s):
 *       decoded in full wherever the first pass sees half that over its lag;
 *   <li><b>fades and dark intervals</b> need dark frames: decoded in full, with their ramps (up to
 *       2 s) and more, wherever a decoded frame has a fifth of its pixels dark or a mean brightness
 *       under twice the black level.
 * </ul>
 *
 * Each flagged frame is decoded with a margin of a second or more on both sides, more than any rule
 * of the detector looks across (neighbours, the 0.4 s return check, the minimum shot length).
 * Events that begin and end between two decoded frames (at most the B-frames in a row, 0.1 s with
 * x264's defaults) and leave the picture as it was are not seen; the detector drops such flashes
 * anyway. Streams without B-frames (or whose every frame is a reference) lose nothing in the first
 * pass, and its features are then the full decode's.
 */
final class ReferenceFirstPass {
    /** Share of a frame's pixels dark, or mean brightness as a multiple of the black level. */
    static final double DARK_SHARE_FLAG = 0.2;

    static final double DARK_LUMA_FLAG = 2.0;

    /** Seconds decoded in full on each side of a flagged frame, and around dark frames. */
    static final double MARGIN_SECONDS = 1.0;

    static final double DARK_MARGIN_SECONDS = 3.0;

    /**
     * The first pass and its windows must decode less than this share of a segment's frames to be
     * chosen: on the 10-minute x264 talk of the README, 83% of the full decode's frame decodes
     * (first pass and windows) took as long as the full decode.
     */
    static final double PAYS_BELOW = 0.8;

    private final ProbeResult probe;
    private final Path video;
    private final SegmentAnalyzer analyzer;
    private final ExecutorService pool;
    private final int workers;
    private final CombinedShotDetector.Settings detection;

    ReferenceFirstPass(
            ProbeResult probe,
            Path video,
            SegmentAnalyzer analyzer,
            ExecutorService pool,
            int workers,
            CombinedShotDetector.Settings detection) {
        this.probe = probe;
        this.video = video;
        this.analyzer = analyzer;
        this.pool = pool;
        this.workers = Math.max(1, workers);
        this.detection = detection;
    }

    SceneDetection.Result detect(List<SegmentPlan> plans, long begin)
            throws IOException, InterruptedException, ExecutionException {
        // Segments go to the workers in order; each one's kind (first pass or full decode) is
        // chosen from what the segments finished before it showed (see FirstPassPays).
        CompletionService<Part> done = new ExecutorCompletionService<>(pool);
        FirstPassPays pays = new FirstPassPays();
        int submitted = 0;
        for (; submitted < Math.min(workers, plans.size()); submitted++) {
            submit(done, plans, submitted, true);
        }
        Part[] finished = new Part[plans.size()];
        for (int n = 0; n < plans.size(); n++) {
            Part part = done.take().get();
            finished[part.index()] = part;
            pays.learn(part);
            if (submitted < plans.size()) {
                submit(done, plans, submitted++, pays.firstPass());
            }
        }
        List<FrameSignals> parts = new ArrayList<>();
        List<SegmentAnalysis> full = new ArrayList<>();
        boolean[] exact = new boolean[(int) plans.get(plans.size() - 1).endFrame()];
        long decoded = 0;
        long passed = 0;
        long fullSegments = 0;
        int segmentsInFull = 0;
        for (Part part : finished) {
            parts.add(part.signals());
            decoded += part.decoded();
            passed += part.passed();
            if (part.exact() != null) {
                full.add(part.exact());
                fullSegments += part.decoded();
                segmentsInFull++;
                java.util.Arrays.fill(
                        exact,
                        (int) part.signals().getFirstFrame(),
                        (int) part.signals().getFirstFrame() + part.signals().getTimesUs().size(),
                        true);
            }
        }
        VideoSignals signals = VideoSignals.of(parts);
        long fully = decoded;
        if (decoded < passed) { // something was skipped: decode what the first pass cannot judge
            fully = fullSegments;
            // busy footage is flagged almost whole: cut windows longer than a segment into pieces
            // of their share of the work, so that every worker decodes, as in a full decode
            List<long[]> windows = without(windows(signals), exact);
            long longest = 1;
            for (SegmentPlan p : plans) {
                longest = Math.max(longest, p.endFrame() - p.startFrame());
            }
            long total = 0;
            for (long[] w : windows) {
                total += w[1] - w[0];
            }
            windows = split(windows, Math.max(longest, (total + workers - 1) / workers));
            List<Future<Window>> second = new ArrayList<>();
            int lag = signals.lag;
            for (int i = 0; i < windows.size(); i++) {
                long a = windows.get(i)[0];
                long b = windows.get(i)[1];
                SegmentPlan plan = windowPlan(probe, i, a, b, lag);
                long from = plan.decodeFromFrame();
                var task = SceneDetection.task(probe, plan, windows.size(), video);
                // from the keyframe, reference frames only until shortly before the window's
                // look-back; a window whose frames did not all come out of that decode is decoded
                // again with the safe lead, then in full
                long fullFrom = a - lag;
                second.add(pool.submit(() -> window(task, from, fullFrom, b)));
            }
            for (var f : second) {
                Window w = f.get();
                full.add(w.analysis());
                signals.overwrite(w.analysis().getFrameSignals());
                decoded += w.analysis().getFramesDecoded();
                fully += w.fullyDecoded();
            }
        }
        List<ShotBoundary> boundaries = new CombinedShotDetector(detection).detect(signals);
        return new SceneDetection.Result(
                probe,
                boundaries,
                decoded,
                System.nanoTime() - begin,
                DamagedFrames.of(full),
                signals,
                fully,
                segmentsInFull);
    }

    private void submit(
            CompletionService<Part> done, List<SegmentPlan> plans, int i, boolean first) {
        SegmentPlan p = plans.get(i);
        var task = SceneDetection.task(probe, p, plans.size(), video);
        long passed = p.endFrame() - p.decodeFromFrame();
        done.submit(
                () -> {
                    if (first) {
                        SegmentAnalyzer.ReferenceFrames r =
                                analyzer.analyseReferenceFrames(task, video);
                        return new Part(i, r.signals(), r.framesDecoded(), r.framesPassed(), null);
                    }
                    SegmentAnalysis a = analyzer.analyse(task, video, null);
                    return new Part(i, a.getFrameSignals(), a.getFramesDecoded(), passed, a);
                });
    }

    /**
     * A segment's signals from the first pass, or exact ones from a full decode ({@code exact}).
     */
    private record Part(
            int index, FrameSignals signals, long decoded, long passed, SegmentAnalysis exact) {}

    /**
     * Whether the next segment's first pass is likely to pay for itself. It does when the frames it
     * decodes plus the frames then decoded in full come to less than {@link #PAYS_BELOW} of the
     * segment's frames: the first pass decodes its share of the stream's frames (what nothing
     * refers to is skipped: none without B-frames, about two thirds with MPEG-4's B-frames, about
     * half with x264's B-pyramid), and each window then costs a seek, a decoder start and the
     * reference frames from its keyframe on top of its own frames. Judged from the last segments
     * finished (as many as there are workers, and at least two), whichever way they were decoded:
     * their windows are flagged from their own signals; the share the first pass decodes comes from
     * the segments it has run. Until that many have finished, the first pass is chosen. So busy
     * footage is decoded in full after its first segments, and calm stretches go back to the first
     * pass. Either way every feature used is exact: only the cost depends on the choice.
     */
    private final class FirstPassPays {
        private final int judged = Math.max(2, workers);
        private final java.util.ArrayDeque<long[]> recent = new java.util.ArrayDeque<>();
        private long firstDecoded;
        private long firstPassed;

        void learn(Part part) {
            if (part.exact() == null) {
                firstDecoded += part.decoded();
                firstPassed += part.passed();
            }
            VideoSignals alone = VideoSignals.ofPart(part.signals());
            long marked = 0;
            for (long[] w : windows(alone)) {
                marked += w[1] - w[0];
            }
            recent.addLast(new long[] {marked, alone.frameCount()});
            if (recent.size() > judged) {
                recent.removeFirst();
            }
        }

        boolean firstPass() {
            if (recent.size() < judged || firstPassed == 0) {
                return true;
            }
            long marked = 0;
            long frames = 0;
            for (long[] r : recent) {
                marked += r[0];
                frames += r[1];
            }
            double decodes = (double) firstDecoded / firstPassed;
            return frames == 0 || decodes + (double) marked / frames < PAYS_BELOW;
        }
    }

    /**
     * The plan of window {@code [a, b)}: decoded from the keyframe at or before {@code lag} frames
     * before it.
     */
    static SegmentPlan windowPlan(ProbeResult probe, int index, long a, long b, int lag) {
        long from = SegmentPlanner.decodeFrom(probe.keyframes(), a, lag);
        return new SegmentPlan(
                index,
                a,
                b,
                probe.timeOfFrame(a),
                probe.timeOfFrame(b),
                from,
                probe.timeOfFrame(from));
    }

    /** The ranges less the frames marked in {@code exact}, in order. */
    static List<long[]> without(List<long[]> ranges, boolean[] exact) {
        List<long[]> out = new ArrayList<>();
        for (long[] r : ranges) {
            long start = -1; // first frame of the piece being kept, or -1
            for (long i = r[0]; i <= r[1]; i++) {
                boolean keep = i < r[1] && (i >= exact.length || !exact[(int) i]);
                if (keep && start < 0) {
                    start = i;
                } else if (!keep && start >= 0) {
                    out.add(new long[] {start, i});
                    start = -1;
                }
            }
        }
        return out;
    }

    /** Decodes a window {@code [fullFrom + lag, to)} exactly, as little in full as it can. */
    private Window window(SegmentTask task, long from, long fullFrom, long to) throws IOException {
        long fully = 0;
        if (fullFrom > from) {
            int first = analyzer.shortLead();
            int safe = SegmentAnalyzer.DECODER_DELAY_FRAMES;
            for (int lead : first < safe ? new int[] {first, safe} : new int[] {safe}) {
                long switched = Math.max(from, fullFrom - lead);
                fully += to - switched;
                SegmentAnalysis r = analyzer.analyseFullFrom(task, video, fullFrom, lead);
                if (r != null) {
                    return new Window(r, fully);
                }
                if (switched == from) {
                    break;
                }
            }
        }
        return new Window(analyzer.analyse(task, video, null), fully + to - from);
    }

    /** A window's exact features, and how many of its frames were decoded in full. */
    private record Window(SegmentAnalysis analysis, long fullyDecoded) {}

    /** The ranges cut into pieces of at most {@code longest} frames, in order. */
    static List<long[]> split(List<long[]> ranges, long longest) {
        List<long[]> out = new ArrayList<>();
        for (long[] r : ranges) {
            long pieces = (r[1] - r[0] + longest - 1) / longest;
            long size = (r[1] - r[0] + pieces - 1) / pieces; // even pieces
            for (long a = r[0]; a < r[1]; a += size) {
                out.add(new long[] {a, Math.min(r[1], a + size)});
            }
        }
        return out;
    }

    /** The frame ranges {@code [from, to)} to decode in full, merged, in order. */
    List<long[]> windows(VideoSignals s) {
        int n = s.frameCount();
        double fps = s.fps();
        int margin = (int) Math.max(Math.ceil(fps * MARGIN_SECONDS), 2 * s.lag + 8);
        int darkMargin = (int) Math.ceil(fps * DARK_MARGIN_SECONDS);
        double cut = detection.minContent() / 2;
        double cutHistogram = detection.minHistogramChange() / 2;
        double cutResidual = AdaptiveDetector.MIN_MOTION_RESIDUAL / 2;
        double gradual = detection.dissolveMinChange() / 2;
        double gradualHistogram = DissolveDetector.MIN_HISTOGRAM_CHANGE / 2;
        double darkLuma = DARK_LUMA_FLAG * detection.blackLevel();
        boolean[] decode = new boolean[n];
        for (int i = 0; i < n; i++) {
            int before;
            int after;
            if (s.darkShare[i] >= DARK_SHARE_FLAG || s.luma[i] <= darkLuma) {
                before = darkMargin;
                after = darkMargin;
            } else if (i > 0
                    && s.diff1[i] >= cut
                    && s.hist1[i] >= cutHistogram
                    && (s.motionDiff[i] < 0 || s.motionDiff[i] >= cutResidual)) {
                before = margin;
                after = margin;
            } else if (i >= s.lag && s.diffLag[i] >= gradual && s.histLag[i] >= gradualHistogram) {
                before = s.lag + margin;
                after = margin;
            } else {
                continue;
            }
            java.util.Arrays.fill(
                    decode, Math.max(0, i - before), Math.min(n, i + after + 1), true);
        }
        List<long[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (decode[i] && (i == 0 || !decode[i - 1])) {
                out.add(new long[] {i, i + 1});
            } else if (decode[i]) {
                out.get(out.size() - 1)[1] = i + 1;
            }
        }
        return out;
    }
}
