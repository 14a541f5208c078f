package io.clipstream.cli;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;

import io.clipstream.operators.analysis.SegmentAnalyzer;
import io.clipstream.operators.analysis.VideoAssembler;
import io.clipstream.operators.analysis.faces.BlazeFaceDetector;
import io.clipstream.operators.analysis.faces.CascadeFaceDetector;
import io.clipstream.operators.analysis.faces.FaceBox;
import io.clipstream.operators.analysis.faces.FaceDetector;
import io.clipstream.operators.analysis.faces.FaceSampler;
import io.clipstream.operators.analysis.framing.FramingScore;
import io.clipstream.operators.analysis.framing.LocalFraming;
import io.clipstream.operators.analysis.framing.VirtualCamera;
import io.clipstream.operators.media.FrameScaler;
import io.clipstream.operators.media.TalkingScenes;
import io.clipstream.operators.speech.SpeechSettings;
import io.clipstream.operators.speech.VoiceActivityEngine;
import io.clipstream.schemas.CropPath;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/**
 * The face analysis and the virtual camera, measured on real media: face detectors on the GRID
 * talking heads (close-ups) and on wide shots built from them, false faces on Blender clips with
 * nobody in frame, and the time of one frame-wide search; what face sampling adds to segment
 * analysis of 1080p; and how well the planned crop keeps the speaker in frame.
 */
final class FaceBenchmark {

    /** A detector configuration: cascade (or blazeface), frame width, scale step. */
    record Config(String cascade, int width, double step) {
        String label() {
            return cascade.equals(BlazeFaceDetector.NAME)
                    ? String.format(Locale.ROOT, "blazeface (full range) from %d px", width)
                    : String.format(Locale.ROOT, "%s @%d px, step %.1f", cascade, width, step);
        }

        FaceDetector open(Path models) throws IOException {
            return cascade.equals(BlazeFaceDetector.NAME)
                    ? new BlazeFaceDetector(models)
                    : new CascadeFaceDetector(cascade, 0.03, step);
        }
    }

    static final List<Config> CONFIGS =
            List.of(
                    new Config("lbp-frontal-improved", 256, 1.1),
                    new Config("lbp-frontal-improved", 512, 1.2),
                    new Config("haar-frontal-alt2", 256, 1.1),
                    new Config(FaceSampler.Settings.FALLBACK, 384, 1.2),
                    new Config("haar-frontal-default", 384, 1.2),
                    new Config(BlazeFaceDetector.NAME, 384, 0));

    record DetectorRow(
            Config config,
            int closeFound,
            int closeTotal,
            int wideFound,
            int wideTotal,
            int falseFaces,
            int emptySamples,
            double msPerSearch) {}

    record CostRow(String what, double seconds, double cpuSeconds) {}

    /** The ingest's default segment length. */
    static final long SEGMENT_US = 60_000_000;

    record FramingRow(String scene, String aspect, FramingScore.Result result, String layouts) {}

    private final Path media;
    private final Path work;
    private final List<TalkingScenes.Head> heads;

    FaceBenchmark(Path media, Path work) throws IOException {
        this.media = media;
        this.work = work;
        // the test resources keep the heads' truth beside them; ../shared/media in one file
        Path truth = media.resolve("talking/ground_truth.json");
        if (!Files.isRegularFile(truth)) {
            truth = media.resolve("ground_truth.json");
        }
        this.heads = TalkingScenes.gridHeads(media.resolve("talking"), truth);
    }

    /** Frames sampled five times a second as BGR pictures {@code width} wide. */
    static List<byte[]> samples(Path file, int width, int[] heightOut) throws IOException {
        List<byte[]> out = new ArrayList<>();
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile())) {
            g.setImageMode(FrameGrabber.ImageMode.RAW);
            g.setAudioStream(-1);
            g.start();
            int h = (int) Math.round(g.getImageHeight() * (double) width / g.getImageWidth());
            heightOut[0] = h;
            int step = Math.max(1, (int) Math.round(g.getFrameRate() / 5));
            try (FrameScaler scaler = new FrameScaler(width, h, AV_PIX_FMT_BGR24, 3)) {
                Frame f;
                for (int n = 0; (f = g.grabImage()) != null; n++) {
                    if (n % step == 0) {
                        out.add(scaler.scale((AVFrame) f.opaque, new byte[width * h * 3]));
                    }
                }
            }
        }
        return out;
    }

    List<DetectorRow> detectors() throws IOException {
        List<TalkingScenes.Spec> specs = TalkingScenes.standard();
        List<Path> scenes = new ArrayList<>();
        List<TalkingScenes.Truth> truths = new ArrayList<>();
        for (TalkingScenes.Spec s : specs) {
            Path file = work.resolve("scene-" + s.name() + ".mp4");
            truths.add(TalkingScenes.write(heads, s.parts(), 1280, 720, file));
            scenes.add(file);
        }
        List<DetectorRow> rows = new ArrayList<>();
        Path models = BlazeFaceDetector.locate(null);
        for (Config c : CONFIGS) {
            if (c.cascade().equals(BlazeFaceDetector.NAME) && models == null) {
                continue; // reported as absent by the caller
            }
            int[] h = new int[1];
            long nanos = 0;
            int searches = 0;
            int closeFound = 0;
            int closeTotal = 0;
            try (FaceDetector d = c.open(models)) {
                for (TalkingScenes.Head head : heads) {
                    for (byte[] grey : samples(head.video(), c.width(), h)) {
                        long t = System.nanoTime();
                        List<FaceBox> faces = d.detect(grey, c.width(), h[0]);
                        nanos += System.nanoTime() - t;
                        searches++;
                        closeTotal++;
                        double expected = head.faceCentreX();
                        if (faces.stream()
                                .anyMatch(
                                        f ->
                                                Math.abs(f.centreX() - expected)
                                                        < head.faceWidth() / 2)) {
                            closeFound++;
                        }
                    }
                }
                int wideFound = 0;
                int wideTotal = 0;
                for (int s = 0; s < scenes.size(); s++) {
                    TalkingScenes.Truth truth = truths.get(s);
                    List<byte[]> samples = samples(scenes.get(s), c.width(), h);
                    int step = (int) Math.round(truth.fps() / 5);
                    for (int i = 0; i < samples.size(); i++) {
                        int frame = i * step;
                        if (frame >= truth.faces().size()) {
                            break;
                        }
                        long t = System.nanoTime();
                        List<FaceBox> faces = d.detect(samples.get(i), c.width(), h[0]);
                        nanos += System.nanoTime() - t;
                        searches++;
                        for (TalkingScenes.Face f : truth.faces().get(frame)) {
                            wideTotal++;
                            double cx = (f.left() + f.right()) / 2 / truth.width();
                            double fw = (f.right() - f.left()) / truth.width();
                            if (faces.stream().anyMatch(x -> Math.abs(x.centreX() - cx) < fw / 2)) {
                                wideFound++;
                            }
                        }
                    }
                }
                int falseFaces = 0;
                int empty = 0;
                for (String film :
                        List.of(
                                "shots/zwm_clip_02_caminandes.mp4",
                                "shots/zwm_clip_03_sintel.mp4",
                                "shots/moviepy_big_buck_bunny_0_30.webm")) {
                    Path file = media.resolve(film);
                    if (!Files.isRegularFile(file)) {
                        file = media.resolve(file.getFileName().toString());
                    }
                    for (byte[] grey : samples(file, c.width(), h)) {
                        long t = System.nanoTime();
                        if (!d.detect(grey, c.width(), h[0]).isEmpty()) {
                            falseFaces++;
                        }
                        nanos += System.nanoTime() - t;
                        searches++;
                        empty++;
                    }
                }
                rows.add(
                        new DetectorRow(
                                c,
                                closeFound,
                                closeTotal,
                                wideFound,
                                wideTotal,
                                falseFaces,
                                empty,
                                nanos / 1e6 / searches));
            }
        }
        return rows;
    }

    /** A 30 s 1080p two-person conversation built from the GRID heads. */
    Path conversation() throws IOException {
        List<TalkingScenes.Part> parts = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            boolean left = i % 2 == 0;
            parts.add(
                    new TalkingScenes.Part(
                            3,
                            false,
                            List.of(
                                    new TalkingScenes.Placement(0, 0.27, 0.27, 0.5, 1.5, left),
                                    new TalkingScenes.Placement(3, 0.73, 0.73, 0.5, 1.5, !left))));
        }
        Path video = work.resolve("conversation-1080p.mp4");
        TalkingScenes.write(heads, parts, 1920, 1080, video);
        return video;
    }

    /** Big Buck Bunny's 30 s (no people) scaled to 1080p, as footage where nobody is in view. */
    Path withoutPeople() throws IOException {
        Path source = media.resolve("shots/moviepy_big_buck_bunny_0_30.webm");
        if (!Files.isRegularFile(source)) {
            source = media.resolve("moviepy_big_buck_bunny_0_30.webm");
        }
        Path video = work.resolve("bbb-1080p.mp4");
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(source.toFile());
                org.bytedeco.javacv.FFmpegFrameRecorder r =
                        new org.bytedeco.javacv.FFmpegFrameRecorder(
                                video.toFile(), 1920, 1080, 0)) {
            g.setImageWidth(1920);
            g.setImageHeight(1080);
            g.setPixelFormat(AV_PIX_FMT_BGR24);
            g.start();
            r.setFormat("mp4");
            r.setVideoCodec(org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264);
            r.setVideoCodecName("libopenh264");
            r.setPixelFormat(org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P);
            r.setFrameRate(g.getFrameRate());
            r.setVideoBitrate(8_000_000);
            r.setGopSize(48);
            r.start();
            Frame f;
            while ((f = g.grabImage()) != null) {
                r.record(f, AV_PIX_FMT_BGR24);
            }
            r.stop();
        }
        return video;
    }

    /**
     * Segment analysis of {@code video} at default settings (Vosk included, the default 60 s
     * segments, so a 30 s file is one), on one slot, without faces and with each detector; the
     * median of {@code runs} each.
     */
    List<CostRow> cost(String what, Path video, int runs) throws IOException {
        VideoAssembler assembler = new VideoAssembler(VideoAssembler.Settings.DEFAULT);
        List<String> detectors = new ArrayList<>(List.of("none", FaceSampler.Settings.FALLBACK));
        if (BlazeFaceDetector.locate(null) != null) {
            detectors.add(BlazeFaceDetector.NAME);
        }
        List<SegmentAnalyzer> analyzers = new ArrayList<>();
        List<List<Double>> times = new ArrayList<>();
        List<List<Double>> cpu = new ArrayList<>();
        try {
            for (String d : detectors) {
                analyzers.add(
                        new SegmentAnalyzer(
                                SegmentAnalyzer.Settings.DEFAULT.withFaces(
                                        FaceSampler.Settings.DEFAULT.withDetector(d))));
                times.add(new ArrayList<>());
                cpu.add(new ArrayList<>());
            }
            for (SegmentAnalyzer a : analyzers) {
                LocalFraming.analyse(video, a, SEGMENT_US, assembler); // warm
            }
            for (int r = 0; r < runs; r++) {
                for (int i = 0; i < analyzers.size(); i++) {
                    LocalFraming.Analysed a =
                            LocalFraming.analyse(video, analyzers.get(i), SEGMENT_US, assembler);
                    times.get(i).add(a.analysisNanos() / 1e9);
                    cpu.get(i).add(a.cpuNanos() / 1e9);
                }
            }
        } finally {
            analyzers.forEach(SegmentAnalyzer::close);
        }
        List<CostRow> rows = new ArrayList<>();
        for (int i = 0; i < detectors.size(); i++) {
            rows.add(
                    new CostRow(
                            what + ", faces: " + detectors.get(i),
                            median(times.get(i)),
                            median(cpu.get(i))));
        }
        return rows;
    }

    List<FramingRow> framing() throws IOException {
        List<FramingRow> rows = new ArrayList<>();
        VideoAssembler assembler = new VideoAssembler(VideoAssembler.Settings.DEFAULT);
        VirtualCamera camera = new VirtualCamera(VirtualCamera.Settings.DEFAULT);
        try (SegmentAnalyzer analyzer =
                new SegmentAnalyzer(
                        SegmentAnalyzer.Settings.DEFAULT.withSpeech(
                                SpeechSettings.DEFAULT.withEngine(VoiceActivityEngine.NAME)))) {
            for (TalkingScenes.Spec s : TalkingScenes.standard()) {
                Path file = work.resolve("framing-" + s.name() + ".mp4");
                TalkingScenes.Truth truth = TalkingScenes.write(heads, s.parts(), 1280, 720, file);
                LocalFraming.Analysed a =
                        LocalFraming.analyse(file, analyzer, 4_000_000, assembler);
                for (String aspect : List.of("9:16", "1:1", "4:5")) {
                    CropPath path = camera.plan(a.scene(), aspect, 0, a.durationUs());
                    rows.add(
                            new FramingRow(
                                    s.name(),
                                    aspect,
                                    FramingScore.score(path, truth, 0, truth.faces().size()),
                                    String.join(
                                            ",",
                                            path.getShots().stream()
                                                    .map(x -> x.getLayout())
                                                    .toList())));
                }
            }
        }
        return rows;
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }

    static void printDetectors(List<DetectorRow> rows, PrintStream out) {
        out.printf(
                Locale.ROOT,
                "%-40s %14s %14s %13s %12s%n",
                "detector",
                "close-ups",
                "wide shots",
                "false faces",
                "ms/search");
        for (DetectorRow r : rows) {
            out.printf(
                    Locale.ROOT,
                    "%-40s %14s %14s %13s %12.1f%n",
                    r.config().label(),
                    r.closeFound() + "/" + r.closeTotal(),
                    r.wideFound() + "/" + r.wideTotal(),
                    r.falseFaces() + "/" + r.emptySamples(),
                    r.msPerSearch());
        }
    }

    static void printCost(List<CostRow> rows, PrintStream out) {
        CostRow base = rows.get(0);
        out.printf(
                Locale.ROOT,
                "%-56s %9s %8s %10s %8s%n",
                "analysis",
                "wall",
                "vs none",
                "CPU",
                "vs none");
        for (CostRow r : rows) {
            out.printf(
                    Locale.ROOT,
                    "%-56s %7.2f s %7.2fx %8.2f s %7.2fx%n",
                    r.what(),
                    r.seconds(),
                    r.seconds() / base.seconds(),
                    r.cpuSeconds(),
                    r.cpuSeconds() / base.cpuSeconds());
        }
    }

    static void printFraming(List<FramingRow> rows, PrintStream out) {
        out.printf(
                Locale.ROOT,
                "%-13s %-5s %18s %16s %8s %9s  %s%n",
                "scene",
                "out",
                "speaker in frame",
                "jitter px/frame",
                "settle",
                "switches",
                "layouts");
        for (FramingRow r : rows) {
            FramingScore.Result s = r.result();
            out.printf(
                    Locale.ROOT,
                    "%-13s %-5s %11.1f%% %5s %16.2f %8d %9d  %s%n",
                    r.scene(),
                    r.aspect(),
                    100 * s.containedShare(),
                    s.contained() + "/" + s.frames(),
                    s.meanJitterPx(),
                    s.settleFrames(),
                    s.switches(),
                    r.layouts());
        }
    }
}
