package io.clipstream.cli;

import io.clipstream.analysis.AnalysisJob;
import io.clipstream.operators.analysis.SegmentAnalyzer;
import io.clipstream.operators.media.AudioExtractor;
import io.clipstream.operators.media.MediaLimits;
import io.clipstream.operators.media.MediaProbe;
import io.clipstream.operators.media.ProbeResult;
import io.clipstream.operators.media.SyntheticVideo;
import io.clipstream.operators.speech.DemoTalk;
import io.clipstream.operators.speech.SpeechFixtures;
import io.clipstream.schemas.BatchStatus;
import io.clipstream.schemas.VideoSummary;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.configuration.Configuration;

/**
 * {@code clipstream bench reprocess}: a generated archive of talks (1 to 3 minutes each) through
 * the batch job at parallelism 1 and 2, the fixed costs measured apart, and what an hour of archive
 * takes, reasoned from those figures.
 */
final class ReprocessBenchmark {
    /** Lengths of the archive's videos, seconds: 8 talks, 1 to 3 minutes, 945 s in all. */
    static final int[] SECONDS = {60, 180, 90, 150, 120, 75, 165, 105};

    private final PrintStream out;

    ReprocessBenchmark(PrintStream out) {
        this.out = out;
    }

    int run(int videos, List<Integer> parallelisms) throws Exception {
        Path dir = Files.createTempDirectory("clipstream-bench-reprocess-");
        short[] talk = talk();
        // generating 16 minutes of 720p takes longer than clipping it: kept between runs
        Path cache =
                Path.of(System.getProperty("java.io.tmpdir"))
                        .resolve(
                                "clipstream-bench-archive-"
                                        + videos
                                        + (talk == null ? "-synthetic" : "-espeak"));
        Path archive = Files.createDirectories(cache.resolve("archive"));
        Path single = Files.createDirectories(cache.resolve("single"));
        boolean ready = Files.exists(cache.resolve(".complete"));
        double content = 0;
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < videos; i++) {
            int seconds = SECONDS[i % SECONDS.length];
            Path file = archive.resolve(String.format(Locale.ROOT, "talk-%02d.mp4", i + 1));
            if (!ready) {
                SyntheticVideo.write(SyntheticVideo.demo(seconds), loop(talk, seconds), file);
            }
            files.add(file);
            content += seconds;
        }
        if (!ready) {
            SyntheticVideo.write(
                    SyntheticVideo.demo(10), loop(talk, 10), single.resolve("short.mp4"));
            Files.writeString(cache.resolve(".complete"), "");
        }
        out.printf(
                Locale.ROOT,
                "clipstream bench reprocess: %d generated talks (%s), %.0f s of video, %d cores%n%n",
                videos,
                talk == null ? "synthetic voice" : "spoken by espeak-ng",
                content,
                Runtime.getRuntime().availableProcessors());

        fixedCosts(files);
        double startup = run(single, dir.resolve("out-single"), 1).seconds();
        out.printf(
                Locale.ROOT,
                "  one 10 s video, parallelism 1, whole run: %6.1f s (job start, listing, model"
                        + " loads, one video's fixed work)%n%n",
                startup);

        out.printf(
                Locale.ROOT,
                "%-12s %9s %12s %11s %9s %11s   %s%n",
                "parallelism",
                "wall s",
                "videos/hour",
                "x-realtime",
                "scaling",
                "cores busy",
                "stages, s from start: ingest | segments | assemble | clips | completion");
        double base = 0;
        for (int p : parallelisms) {
            java.time.Duration cpu0 = cpu();
            ReprocessCommand.Run r = run(archive, dir.resolve("out-p" + p), p);
            double busy = (cpu().minus(cpu0).toMillis() / 1e3) / r.seconds();
            long done = r.videos().stream().filter(v -> v.getStatus() == BatchStatus.DONE).count();
            if (done != videos) {
                out.printf(Locale.ROOT, "  only %d of %d videos were done:%n", done, videos);
                for (VideoSummary v : r.videos()) {
                    out.printf(Locale.ROOT, "    %s %s%n", v.getStatus(), v.getReason());
                }
            }
            if (base == 0) {
                base = r.seconds();
            }
            out.printf(
                    Locale.ROOT,
                    "%-12d %9.1f %12.1f %10.2fx %8.2fx %11.2f   %s%n",
                    p,
                    r.seconds(),
                    videos * 3600 / r.seconds(),
                    content / r.seconds(),
                    base / r.seconds(),
                    busy,
                    stages(r.progress().phases(), r.seconds()));
            out.printf(
                    Locale.ROOT,
                    "%-12s %s segments, %d clips; an hour of such video: about %.0f min%n",
                    "",
                    r.progress().segments(),
                    r.progress().clips(),
                    (startup + (r.seconds() - startup) * 3600 / content) / 60);
        }
        out.println();
        out.println(
                "An hour of video ≈ the run's time less its start, scaled by 3600 s / the archive's"
                        + " length, plus the start. Cores busy: the process's CPU time over the"
                        + " wall time. Figures of one shared 2-core machine.");
        return 0;
    }

    /** CPU time this process has used, all threads. */
    private static java.time.Duration cpu() {
        return ProcessHandle.current().info().totalCpuDuration().orElse(java.time.Duration.ZERO);
    }

    /** Probe and audio extraction per video, and loading the analysis models once per slot. */
    private void fixedCosts(List<Path> files) throws Exception {
        double probe = 0;
        double audio = 0;
        double seconds = 0;
        for (Path f : files) {
            long t0 = System.nanoTime();
            ProbeResult r = MediaProbe.probe(f, MediaLimits.DEFAULT);
            long t1 = System.nanoTime();
            Path wav = Files.createTempFile("bench-", ".wav");
            try {
                AudioExtractor.extract(
                        f, r.facts().getStartPtsUs(), r.facts().getDurationUs(), wav);
            } finally {
                Files.deleteIfExists(wav);
            }
            long t2 = System.nanoTime();
            probe += (t1 - t0) / 1e9;
            audio += (t2 - t1) / 1e9;
            seconds += r.facts().getDurationUs() / 1e6;
        }
        var settings = AnalysisJob.settings(new Configuration()).segment();
        long t0 = System.nanoTime();
        new SegmentAnalyzer(settings).close();
        double load = (System.nanoTime() - t0) / 1e9;
        out.printf(Locale.ROOT, "Fixed costs:%n");
        out.printf(
                Locale.ROOT, "  probe:                 %6.3f s per video%n", probe / files.size());
        out.printf(
                Locale.ROOT,
                "  16 kHz audio artifact: %6.3f s per video (%.0fx realtime)%n",
                audio / files.size(),
                seconds / audio);
        out.printf(
                Locale.ROOT,
                "  analysis models:       %6.3f s per slot, once per run (speech engine '%s', faces '%s')%n",
                load,
                settings.speech().engine(),
                settings.faces().detector());
    }

    private ReprocessCommand.Run run(Path archive, Path outDir, int parallelism) throws Exception {
        ReprocessCommand c = new ReprocessCommand();
        c.source = archive.toString();
        c.out = outDir;
        c.parallelism = parallelism;
        c.minSeconds = 15;
        c.maxSeconds = 60;
        c.maxClips = 5;
        c.aspects = List.of("9:16");
        c.captionStyle = "highlight";
        c.progressOut = new PrintStream(OutputStream.nullOutputStream());
        return c.run(ReprocessCommand.uri(archive.toString()), c.options(), false);
    }

    private static String stages(Map<String, double[]> phases, double total) {
        StringBuilder s = new StringBuilder();
        for (String phase : List.of("ingest", "segments", "analysis", "clips", "render")) {
            double[] span = phases.get(phase);
            if (s.length() > 0) {
                s.append(" | ");
            }
            s.append(
                    span == null ? "-" : String.format(Locale.ROOT, "%.0f-%.0f", span[0], span[1]));
        }
        return s.append(String.format(Locale.ROOT, " | -%.0f", total)).toString();
    }

    /** The demo talk's speech (16 kHz), or null for the spec's synthetic voices. */
    /** The demo talk spoken by espeak-ng, 16 kHz, or null where espeak-ng is missing. */
    static short[] talk() {
        if (!SpeechFixtures.available()) {
            return null;
        }
        return DemoTalk.speak().fixture().samples();
    }

    /** The talk repeated to {@code seconds}, or null for the synthetic voice. */
    static short[] loop(short[] talk, int seconds) {
        if (talk == null) {
            return null;
        }
        short[] out = new short[seconds * 16_000];
        for (int i = 0; i < out.length; i++) {
            out[i] = talk[i % talk.length];
        }
        return out;
    }
}
