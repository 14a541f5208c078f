package io.clipstream.operators.analysis;

import io.clipstream.operators.analysis.faces.FaceTracks;
import io.clipstream.operators.analysis.framing.VirtualCamera;
import io.clipstream.operators.analysis.shots.CombinedShotDetector;
import io.clipstream.operators.analysis.shots.VideoSignals;
import io.clipstream.operators.speech.ChunkedSpeech;
import io.clipstream.operators.speech.WordStream;
import io.clipstream.schemas.AudioWindow;
import io.clipstream.schemas.ClipPlan;
import io.clipstream.schemas.CropPath;
import io.clipstream.schemas.FaceSample;
import io.clipstream.schemas.FrameSignals;
import io.clipstream.schemas.Options;
import io.clipstream.schemas.ScoreComponent;
import io.clipstream.schemas.ScoredSegment;
import io.clipstream.schemas.SegmentAnalysis;
import io.clipstream.schemas.ShotBoundary;
import io.clipstream.schemas.StreamFacts;
import io.clipstream.schemas.TimeSpan;
import io.clipstream.schemas.VisualSample;
import io.clipstream.schemas.Word;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/**
 * Turns all segment analyses of one video into its results: shot boundaries of the whole video,
 * speech spans, scored talking points and the chosen clip plans. Plain Java; the analysis job calls
 * it once every segment of a video has arrived.
 */
public final class VideoAssembler {

    /** Tunables; durations in microseconds. */
    public record Settings(
            CombinedShotDetector.Settings shots,
            long minPauseUs,
            long breakPauseUs,
            long padBeforeUs,
            long padAfterUs,
            VirtualCamera.Settings framing)
            implements Serializable {
        public static final Settings DEFAULT =
                new Settings(
                        CombinedShotDetector.Settings.DEFAULT,
                        250_000,
                        700_000,
                        200_000,
                        300_000,
                        VirtualCamera.Settings.DEFAULT);
    }

    /** Everything found for a video. */
    public record Result(
            List<ShotBoundary> shots,
            List<TimeSpan> speech,
            List<Word> words,
            List<ScoredSegment> scored,
            List<ClipPlan> plans) {}

    private final Settings settings;

    public VideoAssembler(Settings settings) {
        this.settings = settings;
    }

    public Result assemble(List<SegmentAnalysis> segments, long eventTimeMillis) {
        List<SegmentAnalysis> ordered = new ArrayList<>(segments);
        ordered.sort(Comparator.comparingInt(SegmentAnalysis::getSegmentIndex));
        SegmentAnalysis first = ordered.get(0);
        StreamFacts facts = first.getStream();
        Options options = first.getOptions();
        long duration = facts.getDurationUs();
        List<AudioWindow> windows = windows(ordered);
        List<ShotBoundary> shots = shots(ordered);
        List<TimeSpan> speech = new VoiceActivity(settings.minPauseUs()).speechSpans(windows);
        List<List<Word>> perSegment = new ArrayList<>();
        ordered.forEach(s -> perSegment.add(s.getWords()));
        List<Word> words = WordStream.mark(ChunkedSpeech.merge(perSegment));

        long minUs = Math.round(options.getMinClipSeconds() * 1e6);
        long maxUs = Math.round(options.getMaxClipSeconds() * 1e6);
        long padding = settings.padBeforeUs() + settings.padAfterUs();
        // Talking points are built from sentences when there are words, else from speech spans,
        // else (no speech at all) from shots.
        List<Sentences.Sentence> sentences = Sentences.of(words, windows);
        List<TimeSpan> units;
        double[] shifts;
        if (!sentences.isEmpty()) {
            units = sentences.stream().map(Sentences.Sentence::span).toList();
            shifts = TopicShifts.depths(sentences, words);
        } else {
            units = speech.isEmpty() ? shotSpans(shots, duration) : speech;
            shifts = new double[Math.max(0, units.size() - 1)];
        }
        List<TalkingPoint> points =
                new TalkingPoints(
                                settings.breakPauseUs(),
                                Math.max(0, minUs - padding),
                                Math.max(1, maxUs - padding))
                        .split(units, shifts, duration);
        List<AudioWindow> voiced = EngagementScorer.voiced(windows, speech);
        EngagementScorer.Baseline baseline = EngagementScorer.baseline(voiced, speech, words);
        EngagementScorer scorer = new EngagementScorer(settings.breakPauseUs());
        VirtualCamera.Scene scene = scene(ordered, shots, speech);
        List<FaceSample> faces = scene.faces();
        String prompt = options.getPrompt() == null ? null : options.getPrompt().toString();

        List<ClipSelector.Candidate> candidatesToClip = new ArrayList<>();
        List<List<ScoreComponent>> components = new ArrayList<>();
        for (TalkingPoint p : points) {
            List<Word> pointWords = within(words, p.startUs(), p.endUs());
            List<Sentences.Sentence> pointSentences =
                    sentences.stream()
                            .filter(
                                    s ->
                                            (s.startUs() + s.endUs()) / 2 >= p.startUs()
                                                    && (s.startUs() + s.endUs()) / 2 < p.endUs())
                            .toList();
            List<AudioWindow> pointWindows =
                    AudioFeatures.startingIn(voiced, p.startUs(), p.endUs());
            List<ScoreComponent> c =
                    scorer.components(
                            new EngagementScorer.Point(p, pointWords, pointSentences, pointWindows),
                            baseline,
                            shots,
                            faces,
                            prompt);
            components.add(c);
            long[] edges = clipEdges(p, points, duration, shots);
            candidatesToClip.add(
                    new ClipSelector.Candidate(
                            p.index(), edges[0], edges[1], EngagementScorer.total(c)));
        }
        List<ClipSelector.Candidate> chosen =
                ClipSelector.select(
                        candidatesToClip,
                        minUs,
                        maxUs,
                        options.getMaxClips(),
                        duration / (4L * Math.max(1, options.getMaxClips())));

        List<ScoredSegment> scored = new ArrayList<>();
        boolean[] selected = new boolean[points.size()];
        chosen.forEach(c -> selected[c.index()] = true);
        for (TalkingPoint p : points) {
            scored.add(
                    ScoredSegment.newBuilder()
                            .setSegmentId(first.getVideoId() + "-tp" + p.index())
                            .setVideoId(first.getVideoId())
                            .setTenantId(first.getTenantId())
                            .setStartUs(p.startUs())
                            .setEndUs(p.endUs())
                            .setText(text(words, p.startUs(), p.endUs()))
                            .setScore(candidatesToClip.get(p.index()).score())
                            .setComponents(components.get(p.index()))
                            .setSelected(selected[p.index()])
                            .setEventTime(java.time.Instant.ofEpochMilli(eventTimeMillis))
                            .build());
        }
        List<ClipPlan> plans = new ArrayList<>();
        for (int rank = 0; rank < chosen.size(); rank++) {
            plans.add(plan(first, chosen.get(rank), rank + 1, chosen.size(), words, scene));
        }
        return new Result(shots, speech, words, scored, plans);
    }

    /** What the virtual camera needs to frame clips of the video the segments belong to. */
    public VirtualCamera.Scene scene(List<SegmentAnalysis> segments) {
        List<SegmentAnalysis> ordered = new ArrayList<>(segments);
        ordered.sort(Comparator.comparingInt(SegmentAnalysis::getSegmentIndex));
        return scene(
                ordered,
                shots(ordered),
                new VoiceActivity(settings.minPauseUs()).speechSpans(windows(ordered)));
    }

    private static VirtualCamera.Scene scene(
            List<SegmentAnalysis> ordered, List<ShotBoundary> shots, List<TimeSpan> speech) {
        List<FaceSample> found = new ArrayList<>();
        List<VisualSample> visuals = new ArrayList<>();
        for (SegmentAnalysis s : ordered) {
            // null-safe: Flink's POJO serializer can turn an empty nested list into null
            if (s.getFaces() != null) {
                found.addAll(s.getFaces());
            }
            if (s.getVisualSamples() != null) {
                visuals.addAll(s.getVisualSamples());
            }
        }
        List<Long> cuts = shots.stream().map(ShotBoundary::getTimeUs).toList();
        // Track ids are given here, over the whole video, so they do not depend on the segments.
        List<FaceSample> faces = FaceTracks.link(found, cuts);
        return new VirtualCamera.Scene(ordered.get(0).getStream(), cuts, faces, visuals, speech);
    }

    private static List<AudioWindow> windows(List<SegmentAnalysis> ordered) {
        List<AudioWindow> windows = new ArrayList<>();
        ordered.forEach(s -> windows.addAll(s.getAudioWindows()));
        return windows;
    }

    private List<ShotBoundary> shots(List<SegmentAnalysis> ordered) {
        List<FrameSignals> signals = new ArrayList<>();
        for (SegmentAnalysis s : ordered) {
            if (s.getFrameSignals() != null) {
                signals.add(s.getFrameSignals());
            }
        }
        return signals.size() == ordered.size()
                ? new CombinedShotDetector(settings.shots()).detect(VideoSignals.of(signals))
                : List.of();
    }

    /** The words whose middle lies in {@code [startUs, endUs)}. */
    static List<Word> within(List<Word> words, long startUs, long endUs) {
        return ChunkedSpeech.owned(words, startUs, endUs);
    }

    /** Caption words: without the fillers when they are cut from the clip. */
    private static List<Word> captions(List<Word> words, boolean removeFillers) {
        return removeFillers ? words.stream().filter(w -> !w.getFiller()).toList() : words;
    }

    /** The talking point's words as readable sentences. */
    private static String text(List<Word> words, long startUs, long endUs) {
        return ReadableText.of(within(words, startUs, endUs));
    }

    private ClipPlan plan(
            SegmentAnalysis video,
            ClipSelector.Candidate c,
            int rank,
            int count,
            List<Word> words,
            VirtualCamera.Scene scene) {
        StreamFacts facts = video.getStream();
        double fps = facts.getFps();
        long startFrame = Math.max(0, Math.round(c.startUs() * fps / 1e6));
        long endFrame = Math.min(facts.getFrameCount(), Math.round(c.endUs() * fps / 1e6));
        long startUs = Math.round(startFrame * 1e6 / fps);
        long endUs = Math.round(endFrame * 1e6 / fps);
        List<CropPath> crops = new ArrayList<>();
        VirtualCamera camera = new VirtualCamera(settings.framing());
        for (String aspect : video.getOptions().getAspectRatios()) {
            crops.add(camera.plan(scene, aspect, startUs, endUs));
        }
        List<Word> inside = within(words, startUs, endUs);
        ClipPlan plan =
                ClipPlan.newBuilder()
                        .setClipId(clipId(video.getVideoId(), startFrame, endFrame))
                        .setVideoId(video.getVideoId())
                        .setTenantId(video.getTenantId())
                        .setSourceUri(video.getSourceUri())
                        .setRank(rank)
                        .setClipCount(count)
                        .setScore(c.score())
                        .setTitle(ClipTitle.of(inside, rank, startUs, endUs))
                        .setStartUs(startUs)
                        .setEndUs(endUs)
                        .setStartFrame(startFrame)
                        .setEndFrame(endFrame)
                        .setKeptIntervals(
                                KeptIntervals.of(
                                        startUs,
                                        endUs,
                                        inside,
                                        video.getOptions().getRemoveFillers()))
                        .setCaptionWords(captions(inside, video.getOptions().getRemoveFillers()))
                        .setCaptionStyle(video.getOptions().getCaptionStyle())
                        .setBrandKit(video.getOptions().getBrandKit())
                        .setCropPaths(crops)
                        .setStream(facts)
                        .setRequestedAt(video.getRequestedAt())
                        .build();
        plan.setDurationUs(io.clipstream.operators.render.ClipTimeline.of(plan).durationUs());
        return plan;
    }

    /** Pads a talking point into the pauses around it, never past the middle of a pause. */
    private long[] clipEdges(
            TalkingPoint p, List<TalkingPoint> all, long duration, List<ShotBoundary> shots) {
        long[] edges = clipEdges(p, all, duration);
        // A shot change in the pause next to an edge makes a cleaner cut: snap to it.
        long earliest = p.startUs() - (p.index() == 0 ? p.pauseBeforeUs() : p.pauseBeforeUs() / 2);
        long latest =
                p.endUs() + (p.index() == all.size() - 1 ? p.pauseAfterUs() : p.pauseAfterUs() / 2);
        for (ShotBoundary b : shots) {
            long t = b.getTimeUs();
            if (t >= earliest && t <= p.startUs() && Math.abs(t - edges[0]) <= SNAP_US) {
                edges[0] = t;
            }
            if (t >= p.endUs() && t <= latest && Math.abs(t - edges[1]) <= SNAP_US) {
                edges[1] = t;
            }
        }
        return edges;
    }

    /** How far a clip edge moves to land on a shot change inside the pause. */
    static final long SNAP_US = 500_000;

    private long[] clipEdges(TalkingPoint p, List<TalkingPoint> all, long duration) {
        long start =
                p.startUs()
                        - Math.min(
                                settings.padBeforeUs(),
                                p.index() == 0 ? p.pauseBeforeUs() : p.pauseBeforeUs() / 2);
        long end =
                p.endUs()
                        + Math.min(
                                settings.padAfterUs(),
                                p.index() == all.size() - 1
                                        ? p.pauseAfterUs()
                                        : p.pauseAfterUs() / 2);
        return new long[] {Math.max(0, start), Math.min(duration, end)};
    }

    /** The shots of a video without speech, as spans to group into clips. */
    private static List<TimeSpan> shotSpans(List<ShotBoundary> shots, long duration) {
        List<TimeSpan> spans = new ArrayList<>();
        long start = 0;
        for (ShotBoundary b : shots) {
            spans.add(new TimeSpan(start, b.getTimeUs()));
            start = b.getTimeUs();
        }
        spans.add(new TimeSpan(start, duration));
        return spans;
    }

    /** Same video and frames, same id: a replayed plan overwrites its clip. */
    public static String clipId(String videoId, long startFrame, long endFrame) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] digest =
                    sha.digest(
                            (videoId + "|" + startFrame + "|" + endFrame)
                                    .getBytes(StandardCharsets.UTF_8));
            return "c" + HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
