package io.clipstream.cli;

import io.clipstream.operators.analysis.SegmentAnalyzer;
import io.clipstream.operators.analysis.shots.CombinedShotDetector;
import io.clipstream.operators.analysis.shots.SceneDetection;
import io.clipstream.operators.analysis.shots.ShotAccuracy;
import io.clipstream.operators.media.SyntheticTimeline;
import io.clipstream.schemas.ShotBoundary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code clipstream bench}: measured against references taken in the same run. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Benchmarks.",
        subcommands = {
            BenchCommand.Scenes.class,
            BenchCommand.Speech.class,
            BenchCommand.Faces.class,
            BenchCommand.Render.class,
            BenchCommand.Reprocess.class,
            BenchCommand.Load.class,
            BenchCommand.PipelineStages.class
        })
class BenchCommand implements Runnable {
    @Override
    public void run() {
        picocli.CommandLine.usage(this, System.err);
    }

    /** {@code clipstream bench pipeline [FILE]}. */
    @Command(
            name = "pipeline",
            mixinStandardHelpOptions = true,
            description =
                    "Where a long talk's time goes: wall and CPU time per stage, then the whole clip run as a user starts it (wall time, first and last clip, peak memory).")
    static class PipelineStages implements Callable<Integer> {
        @Parameters(
                index = "0",
                arity = "0..1",
                paramLabel = "FILE",
                description =
                        "The talk (default: a 1080p x264 talk made with Debian's ffmpeg from the talking-head recordings in --media).")
        Path file;

        @Option(
                names = "--media",
                defaultValue = "../shared/media/talking",
                description =
                        "Recordings (*.mpg) the default talk is made of (default: ${DEFAULT-VALUE}).")
        Path media;

        @Option(
                names = "--minutes",
                defaultValue = "10",
                description = "Length of the default talk (default: ${DEFAULT-VALUE}).")
        int minutes;

        @Option(names = "--no-stages", description = "Skip the per-stage run.")
        boolean noStages;

        @Option(names = "--no-process", description = "Skip the user's run in its own JVM.")
        boolean noProcess;

        @Override
        public Integer call() throws Exception {
            return ResultStream.run(
                    out -> {
                        io.clipstream.operators.media.FFmpegLogging.quiet();
                        Path video = file;
                        if (video == null) {
                            ProcessBenchmark ffmpeg = ProcessBenchmark.find(1);
                            if (ffmpeg == null) {
                                System.err.println(
                                        "clipstream: give a FILE, or install ffmpeg (sudo bash tools/setup-bench.sh) to make the default talk");
                                return 2;
                            }
                            List<Path> recordings;
                            try (var list = Files.list(media)) {
                                recordings =
                                        list.filter(f -> f.toString().endsWith(".mpg"))
                                                .sorted()
                                                .toList();
                            } catch (java.io.IOException e) {
                                recordings = List.of();
                            }
                            if (recordings.isEmpty()) {
                                System.err.println("clipstream: no *.mpg recordings in " + media);
                                return 2;
                            }
                            video = Files.createTempFile("bench-talk-", ".mp4");
                            video.toFile().deleteOnExit();
                            System.err.printf(
                                    Locale.ROOT,
                                    "making a %d-minute 1080p x264 talk from %d recordings...%n",
                                    minutes,
                                    recordings.size());
                            ffmpeg.talk(recordings, minutes * 60, video);
                        }
                        if (!Files.isRegularFile(video)) {
                            System.err.println("clipstream: " + video + ": no such file");
                            return 2;
                        }
                        return new PipelineBenchmark(out).run(video, !noStages, !noProcess);
                    });
        }
    }

    /** {@code clipstream bench load}. */
    @Command(
            name = "load",
            mixinStandardHelpOptions = true,
            description =
                    "Many uploads at once into the embedded stack: none lost or clipped twice, time to last clip, throughput, upload-to-first-clip latency.")
    static class Load implements Callable<Integer> {
        @Option(
                names = "--uploads",
                defaultValue = "50",
                description = "Uploads published at once (default: ${DEFAULT-VALUE}).")
        int uploads;

        @Option(
                names = "--parallelism",
                defaultValue = "2",
                description = "Flink parallelism (default: ${DEFAULT-VALUE}).")
        int parallelism;

        @Override
        public Integer call() throws Exception {
            return ResultStream.run(
                    out -> {
                        io.clipstream.operators.media.FFmpegLogging.quiet();
                        return new LoadBenchmark(out).run(uploads, parallelism);
                    });
        }
    }

    /** {@code clipstream bench reprocess}. */
    @Command(
            name = "reprocess",
            mixinStandardHelpOptions = true,
            description =
                    "Batch reprocessing of a generated archive (talks of 1 to 3 minutes) at parallelism 1 and 2: videos per hour, x-realtime, scaling and fixed costs.")
    static class Reprocess implements Callable<Integer> {
        @Option(
                names = "--videos",
                defaultValue = "8",
                description = "Videos in the archive (default: ${DEFAULT-VALUE}).")
        int videos;

        @Option(
                names = "--parallelism",
                split = ",",
                defaultValue = "1,2",
                description =
                        "Parallelisms to run, the first the reference (default: ${DEFAULT-VALUE}).")
        List<Integer> parallelisms;

        @Override
        public Integer call() throws Exception {
            return ResultStream.run(
                    out -> {
                        io.clipstream.operators.media.FFmpegLogging.quiet();
                        return new ReprocessBenchmark(out).run(videos, parallelisms);
                    });
        }
    }

    /** {@code clipstream bench render [FILE]}. */
    @Command(
            name = "render",
            mixinStandardHelpOptions = true,
            description =
                    "Clip rendering speed with each caption style and with jump cuts, against the same render without captions.")
    static class Render implements Callable<Integer> {
        @Parameters(
                index = "0",
                arity = "0..1",
                paramLabel = "FILE",
                description =
                        "Video to render from (default: Big Buck Bunny 0-30 s from the real media).")
        Path file;

        @Option(
                names = "--runs",
                defaultValue = "3",
                description = "Runs of each; the median is shown.")
        int runs;

        @Option(
                names = "--seconds",
                defaultValue = "20",
                description = "Clip length (default: ${DEFAULT-VALUE}).")
        double seconds;

        @Override
        public Integer call() throws Exception {
            return ResultStream.run(
                    out -> {
                        io.clipstream.operators.media.FFmpegLogging.quiet();
                        Path video = file;
                        if (video == null) {
                            video =
                                    Path.of(
                                            "operators/src/test/resources/real/moviepy_big_buck_bunny_0_30.webm");
                        }
                        if (!Files.isRegularFile(video)) {
                            System.err.println("clipstream: " + video + ": no such file");
                            return 2;
                        }
                        out.printf(
                                Locale.ROOT,
                                "clipstream bench render: %s, %.0f s clip, a caption word every 0.3 s; %d cores; median of %d runs%n%n",
                                video.getFileName(),
                                seconds,
                                Runtime.getRuntime().availableProcessors(),
                                runs);
                        RenderBenchmark.print(
                                new RenderBenchmark(video, runs, seconds).run(out), out);
                        return 0;
                    });
        }
    }

    /** {@code clipstream bench scenes [FILE]}. */
    @Command(
            name = "scenes",
            mixinStandardHelpOptions = true,
            description =
                    "Shot detection speed against FFmpeg's own full decode of the same file, and scaling over Flink slots.")
    static class Scenes implements Callable<Integer> {
        @Parameters(
                index = "0",
                arity = "0..1",
                paramLabel = "FILE",
                description =
                        "Video to measure; without it a 60 s 1080p30 test video is generated.")
        Path file;

        @Option(
                names = "--runs",
                defaultValue = "3",
                description =
                        "Runs per measurement; the median is reported (default: ${DEFAULT-VALUE}).")
        int runs;

        @Option(names = "--skip-flink", description = "Skip the Flink slot-scaling measurement.")
        boolean skipFlink;

        @Override
        public Integer call() throws Exception {
            return ResultStream.run(
                    out -> {
                        SyntheticTimeline.Truth truth = null;
                        Path video = file;
                        if (video == null) {
                            video = Files.createTempFile("bench-1080p-", ".mp4");
                            video.toFile().deleteOnExit();
                            System.err.println(
                                    "Generating a 60 s 1920x1080 30 fps test video with known shot boundaries ...");
                            truth = SyntheticTimeline.write(BenchVideo.spec(), video);
                        }
                        SceneBenchmark bench = new SceneBenchmark(video, runs);
                        var facts = bench.probe().facts();
                        double seconds = facts.getDurationUs() / 1e6;
                        out.printf(
                                Locale.ROOT,
                                "clipstream bench scenes: %s%n%dx%d, %.3f fps, %d frames, %.1f s, %s; %d cores; median of %d runs%n%n",
                                video.getFileName(),
                                facts.getWidth(),
                                facts.getHeight(),
                                facts.getFps(),
                                bench.probe().frameCount(),
                                seconds,
                                facts.getVideoCodec(),
                                Runtime.getRuntime().availableProcessors(),
                                runs);
                        SceneBenchmark.Measurement reference = bench.libavcodecDecode();
                        List<SceneBenchmark.Measurement> rows =
                                new java.util.ArrayList<>(
                                        List.of(
                                                reference,
                                                bench.scenes(
                                                        "clipstream scenes (default: 2 workers, no deblocking)",
                                                        SegmentAnalyzer.Settings.SHOTS_ONLY,
                                                        2),
                                                bench.scenes(
                                                        "clipstream scenes, full decode (with deblocking)",
                                                        new SegmentAnalyzer.Settings(128, 0, false),
                                                        2)));
                        SceneBenchmark.Measurement cli = bench.ffmpegCliDecode();
                        if (cli != null) {
                            rows.add(1, cli);
                        }
                        SceneBenchmark.Measurement oneSlot = null;
                        SceneBenchmark.Measurement oneSpan = null;
                        SceneBenchmark.Measurement twoSpan = null;
                        SceneBenchmark.Measurement twoSlots = null;
                        if (!skipFlink) {
                            try (var cluster =
                                    new AutoCloseableCluster(SceneBenchmark.startCluster(2))) {
                                SceneBenchmark.Measurement[] both = bench.flinkSlots(cluster.get());
                                oneSlot = both[0];
                                twoSlots = both[1];
                                oneSpan = both[2];
                                twoSpan = both[3];
                            }
                            rows.add(oneSlot);
                            rows.add(twoSlots);
                        }
                        out.printf(
                                Locale.ROOT,
                                "| %-56s | %8s | %8s | %10s | %16s |%n",
                                "measurement",
                                "seconds",
                                "frames/s",
                                "x realtime",
                                "vs ffmpeg decode");
                        out.printf(
                                Locale.ROOT,
                                "|%s|%s|%s|%s|%s|%n",
                                "-".repeat(58),
                                "-".repeat(10),
                                "-".repeat(10),
                                "-".repeat(12),
                                "-".repeat(18));
                        for (SceneBenchmark.Measurement m : rows) {
                            out.printf(
                                    Locale.ROOT,
                                    "| %-56s | %8.2f | %8.0f | %10.1f | %16.2f |%n",
                                    m.name(),
                                    m.seconds(),
                                    m.frames() / m.seconds(),
                                    seconds / m.seconds(),
                                    reference.seconds() / m.seconds());
                        }
                        if (oneSlot != null) {
                            out.printf(
                                    Locale.ROOT,
                                    "%nFlink scaling: 2 slots are %.2fx one slot (each job's"
                                            + " wall time); %.2fx over the segments' analysis"
                                            + " alone (%.2f s against %.2f s, first segment in to"
                                            + " last segment out, without the job's submission and"
                                            + " shutdown).%n",
                                    oneSlot.seconds() / twoSlots.seconds(),
                                    oneSpan.seconds() / twoSpan.seconds(),
                                    oneSpan.seconds(),
                                    twoSpan.seconds());
                        }
                        wholeProcesses(out, video);
                        if (truth != null) {
                            var result =
                                    new SceneDetection(
                                                    SegmentAnalyzer.Settings.SHOTS_ONLY,
                                                    CombinedShotDetector.Settings.DEFAULT,
                                                    10_000_000,
                                                    2)
                                            .detect(video);
                            List<Long> found =
                                    result.boundaries().stream()
                                            .map(ShotBoundary::getFrame)
                                            .toList();
                            List<Long> expected =
                                    truth.boundaries().stream().map(b -> (long) b.frame()).toList();
                            out.printf(
                                    Locale.ROOT,
                                    "Accuracy on the generated video: 0 frames %s; 1 frame %s%n",
                                    ShotAccuracy.of(expected, found, 0),
                                    ShotAccuracy.of(expected, found, 1));
                            List<String> off = new java.util.ArrayList<>();
                            for (var b : truth.boundaries()) {
                                if (found.stream().noneMatch(f -> Math.abs(f - b.frame()) <= 1)) {
                                    off.add(
                                            "missed "
                                                    + b.kind().name().toLowerCase(Locale.ROOT)
                                                    + " at "
                                                    + b.frame());
                                }
                            }
                            for (var b : result.boundaries()) {
                                if (expected.stream()
                                        .noneMatch(e -> Math.abs(e - b.getFrame()) <= 1)) {
                                    off.add(
                                            "spurious "
                                                    + b.getKind().name().toLowerCase(Locale.ROOT)
                                                    + " at "
                                                    + b.getFrame());
                                }
                            }
                            if (!off.isEmpty()) {
                                out.println("Beyond 1 frame: " + String.join(", ", off));
                            }
                        }
                        return 0;
                    });
        }
    }

    /**
     * {@code clipstream scenes} and {@code ffmpeg -f null} as whole processes on the file and on
     * its x264 copy, and the probe of an hour-long file; skipped, with the reason, without ffmpeg.
     */
    static void wholeProcesses(java.io.PrintStream out, Path video) throws Exception {
        ProcessBenchmark processes = ProcessBenchmark.find(3);
        if (processes == null) {
            out.println(
                    "\nWhole processes: skipped, no ffmpeg on the PATH (sudo bash tools/setup-bench.sh).");
            return;
        }
        out.printf(
                Locale.ROOT,
                "%nWhole processes, median of 3 (JVM start included):%n| %-30s | %14s | %10s | %9s |%n|%s|%s|%s|%s|%n",
                "file",
                "clipstream (s)",
                "ffmpeg (s)",
                "ratio",
                "-".repeat(32),
                "-".repeat(16),
                "-".repeat(12),
                "-".repeat(11));
        List<Path> files = List.of(video, processes.x264Copy(video));
        for (Path f : files) {
            var facts =
                    io.clipstream.operators.media.MediaProbe.probe(
                                    f, io.clipstream.operators.media.MediaLimits.DEFAULT)
                            .facts();
            double ours = processes.clipstreamScenes(f);
            double theirs = processes.ffmpegDecode(f);
            out.printf(
                    Locale.ROOT,
                    "| %-30s | %14.2f | %10.2f | %8.2fx |%n",
                    (f == video ? "given" : "x264 copy") + " (" + facts.getVideoCodec() + ")",
                    ours,
                    theirs,
                    ours / theirs);
        }
        out.println("(ratio: clipstream scenes' wall time over ffmpeg's; below 1 is faster)");
        Path hour = processes.hourLong(video);
        var probe =
                io.clipstream.operators.media.MediaProbe.probe(
                        hour, io.clipstream.operators.media.MediaLimits.DEFAULT);
        out.printf(
                Locale.ROOT,
                "Probe of a %.0f-minute file (%d frames, %d MB): %.2f s%n",
                probe.facts().getDurationUs() / 60e6,
                probe.frameCount(),
                probe.facts().getSizeBytes() >> 20,
                processes.probe(hour));
        java.nio.file.Files.deleteIfExists(hour);
    }

    /** Closes a MiniCluster at the end of a try block. */
    record AutoCloseableCluster(org.apache.flink.runtime.minicluster.MiniCluster get)
            implements AutoCloseable {
        @Override
        public void close() throws Exception {
            get.closeAsync().get();
        }
    }

    /** {@code clipstream bench speech}. */
    @Command(
            name = "speech",
            mixinStandardHelpOptions = true,
            description =
                    "Every speech engine available here on the project's speech fixtures: word error rate,"
                            + " word-start error, speech edge error, x realtime.")
    static class Speech implements Callable<Integer> {
        @Option(
                names = "--whisper-model",
                paramLabel = "DIR",
                description =
                        "Also measure whisper with this model (from tools/whisper-export.py).")
        Path whisperModel;

        @Option(
                names = "--media",
                paramLabel = "DIR",
                defaultValue = "operators/src/test/resources/real",
                description =
                        "Real recordings with reference texts: speech/*.wav and talking/*.mpg, each"
                                + " with a .txt (default: ${DEFAULT-VALUE}).")
        Path media;

        @Option(names = "--details", description = "Print each recording's recognised words.")
        boolean details;

        @Override
        public Integer call() throws Exception {
            return ResultStream.run(
                    out -> {
                        realRecordings(out);
                        if (!io.clipstream.operators.speech.SpeechFixtures.available()) {
                            System.err.println(
                                    "clipstream: the speech fixtures are spoken by espeak-ng; install the Debian package espeak-ng (tools/setup-speech.sh)");
                            return 1;
                        }
                        out.println();
                        var fixtures = io.clipstream.operators.speech.SpeechFixtures.standard();
                        double seconds =
                                fixtures.stream().mapToLong(f -> f.durationUs()).sum() / 1e6;
                        int words = fixtures.stream().mapToInt(f -> f.script().size()).sum();
                        out.printf(
                                Locale.ROOT,
                                "clipstream bench speech: %d fixtures spoken by espeak-ng, %.1f s, %d words; %d cores%n"
                                        + "word start: median |recognised - true| start of matched words;"
                                        + " speech onset, offset: median |error| of utterance starts and ends%n%n",
                                fixtures.size(),
                                seconds,
                                words,
                                Runtime.getRuntime().availableProcessors());
                        SpeechBenchmark.print(new SpeechBenchmark(fixtures).run(whisperModel), out);
                        return 0;
                    });
        }

        private void realRecordings(java.io.PrintStream out) throws Exception {
            if (!java.nio.file.Files.isDirectory(media)) {
                System.err.println(
                        "clipstream: no real recordings at "
                                + media
                                + " (--media DIR); skipping them");
                return;
            }
            var recordings = RealSpeechBenchmark.load(media);
            out.printf(
                    Locale.ROOT,
                    "clipstream bench speech: real recordings in %s: %s; %d cores%n"
                            + "WER pooled over each set, numbers compared by value; x realtime on one"
                            + " core after a warm-up pass%n%n",
                    media,
                    RealSpeechBenchmark.describe(recordings),
                    Runtime.getRuntime().availableProcessors());
            var bench = new RealSpeechBenchmark(recordings);
            java.util.List<RealSpeechBenchmark.Row> rows = new java.util.ArrayList<>();
            long minPause = io.clipstream.operators.speech.SpeechSettings.DEFAULT.minPauseUs();
            try (var vosk = new io.clipstream.operators.speech.VoskEngine(null, minPause)) {
                rows.addAll(bench.measure("vosk (bundled small en-us)", vosk));
            }
            if (whisperModel != null) {
                try (var whisper =
                        new io.clipstream.operators.speech.whisper.WhisperEngine(
                                whisperModel, minPause)) {
                    rows.addAll(
                            bench.measure("whisper (" + whisperModel.getFileName() + ")", whisper));
                }
            }
            RealSpeechBenchmark.print(rows, out, details);
        }
    }

    /** {@code clipstream bench faces}. */
    @Command(
            name = "faces",
            mixinStandardHelpOptions = true,
            description =
                    "Faces and the virtual camera on real media: detectors on the GRID talking heads"
                            + " (close and in generated wide shots) and on Blender clips without people;"
                            + " what face sampling adds to 1080p segment analysis; how often the planned"
                            + " crop holds the speaker.")
    static class Faces implements Callable<Integer> {
        @Option(
                names = "--media",
                paramLabel = "DIR",
                defaultValue = "operators/src/test/resources/real",
                description =
                        "The real media: talking/*.mpg with a ground_truth.json, and the Blender"
                                + " clips, directly or under shots/ (default: ${DEFAULT-VALUE}).")
        Path media;

        @Option(
                names = "--runs",
                defaultValue = "3",
                description = "Timed runs of each analysis; the median is shown.")
        int runs;

        @Override
        public Integer call() throws Exception {
            return ResultStream.run(
                    out -> {
                        io.clipstream.operators.media.FFmpegLogging.quiet();
                        Path work =
                                java.nio.file.Files.createTempDirectory("clipstream-bench-faces-");
                        try {
                            FaceBenchmark bench = new FaceBenchmark(media, work);
                            out.println(
                                    "clipstream bench faces: frame-wide searches on 4 GRID talking"
                                            + " heads (close-ups), on 6 wide 1280x720 scenes built from"
                                            + " them, and on 3 Blender clips without people; 5 samples"
                                            + " a second; 1 core");
                            out.println();
                            FaceBenchmark.printDetectors(bench.detectors(), out);
                            out.println();
                            out.printf(
                                    Locale.ROOT,
                                    "Segment analysis of 30 s of 1080p, default settings (Vosk"
                                            + " included), one 30 s segment on one slot, median of %d:%n",
                                    runs);
                            FaceBenchmark.printCost(
                                    bench.cost(
                                            "two-person conversation", bench.conversation(), runs),
                                    out);
                            FaceBenchmark.printCost(
                                    bench.cost(
                                            "Big Buck Bunny (nobody in view)",
                                            bench.withoutPeople(),
                                            runs),
                                    out);
                            out.println();
                            out.println(
                                    "Virtual camera on the wide scenes (every output frame scored"
                                            + " against where the faces are):");
                            FaceBenchmark.printFraming(bench.framing(), out);
                        } finally {
                            try (var files = java.nio.file.Files.walk(work)) {
                                files.sorted(java.util.Comparator.reverseOrder())
                                        .forEach(p -> p.toFile().delete());
                            }
                        }
                        return 0;
                    });
        }
    }
}
