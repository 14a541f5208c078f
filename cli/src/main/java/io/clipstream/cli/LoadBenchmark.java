package io.clipstream.cli;

import io.clipstream.operators.media.SyntheticVideo;
import io.clipstream.schemas.Options;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code clipstream bench load}: many short generated talks (and a text file posing as a video for
 * every tenth upload) published at once into the embedded stack. Reports what became of each (done,
 * dead-lettered, lost, clips delivered twice), time to the last clip, throughput and the
 * upload-to-first-clip latency percentiles.
 */
final class LoadBenchmark {
    /** Lengths of the generated talks, seconds; uploads cycle through them. */
    static final int[] SECONDS = {8, 10, 12};

    private final PrintStream out;

    LoadBenchmark(PrintStream out) {
        this.out = out;
    }

    int run(int uploads, int parallelism) throws Exception {
        Path dir = Files.createTempDirectory("clipstream-bench-load-");
        try {
            short[] voice = ReprocessBenchmark.talk();
            List<Path> talks = new ArrayList<>();
            for (int seconds : SECONDS) {
                Path file = dir.resolve("talk-" + seconds + "s.mp4");
                SyntheticVideo.write(
                        SyntheticVideo.demo(seconds),
                        ReprocessBenchmark.loop(voice, seconds),
                        file);
                talks.add(file);
            }
            Path notes = Files.writeString(dir.resolve("notes.mp4"), "meeting notes\n".repeat(40));
            List<Path> files = new ArrayList<>();
            double content = 0;
            for (int i = 0; i < uploads; i++) {
                if (i % 10 == 9) {
                    files.add(notes);
                } else {
                    files.add(talks.get(i % talks.size()));
                    content += SECONDS[i % SECONDS.length];
                }
            }
            Options options =
                    Options.newBuilder()
                            .setMinClipSeconds(2)
                            .setMaxClipSeconds(6)
                            .setMaxClips(2)
                            .build();
            out.printf(
                    Locale.ROOT,
                    "clipstream bench load: %d uploads at once (%d generated talks of 8-12 s, %s;"
                            + " %d text files named .mp4), parallelism %d, %d cores%n",
                    uploads,
                    files.stream().filter(f -> f != notes).count(),
                    voice == null ? "synthetic voice" : "spoken by espeak-ng",
                    files.stream().filter(f -> f == notes).count(),
                    parallelism,
                    Runtime.getRuntime().availableProcessors());
            LoadRun.Report report =
                    new LoadRun(parallelism, options, Duration.ofMinutes(30)).run(files, uploads);
            print(report, content);
            return report.count("LOST") == 0 && report.duplicates() == 0 ? 0 : 1;
        } finally {
            ClipRun.deleteTree(dir);
        }
    }

    private void print(LoadRun.Report r, double content) {
        out.printf(Locale.ROOT, "  published in %.2f s%n", r.publishSeconds());
        out.printf(
                Locale.ROOT,
                "  done %d, dead-lettered %d, lost %d; clips %d, delivered twice %d%n",
                r.count("DONE"),
                r.count("FAILED"),
                r.count("LOST"),
                r.videos().stream().mapToInt(LoadRun.Video::clips).sum(),
                r.duplicates());
        out.printf(
                Locale.ROOT,
                "  time to last clip %.1f s; throughput %.1f videos/min, %.2f s of video per s"
                        + " (x-realtime)%n",
                r.lastClipSeconds(),
                (r.count("DONE") + r.count("FAILED")) / (r.lastClipSeconds() / 60),
                content / r.lastClipSeconds());
        out.printf(
                Locale.ROOT,
                "  upload to first clip: p50 %.1f s, p95 %.1f s, max %.1f s (%d videos with clips)%n",
                r.firstClipQuantile(0.50),
                r.firstClipQuantile(0.95),
                r.firstClipQuantile(1.0),
                r.videos().stream().filter(v -> v.firstClipSeconds() >= 0).count());
        double[] failed =
                r.videos().stream()
                        .filter(v -> v.status().equals("FAILED"))
                        .mapToDouble(LoadRun.Video::doneSeconds)
                        .sorted()
                        .toArray();
        if (failed.length > 0) {
            out.printf(
                    Locale.ROOT,
                    "  upload to dead letter: %.1f-%.1f s; reason %s%n",
                    failed[0],
                    failed[failed.length - 1],
                    r.videos().stream()
                            .filter(v -> v.status().equals("FAILED"))
                            .findFirst()
                            .map(v -> v.reason().substring(0, v.reason().indexOf(':')))
                            .orElse(""));
        }
        for (LoadRun.Video v : r.videos()) {
            if (v.status().equals("LOST") || v.duplicateClipEvents() > 0) {
                out.printf(
                        Locale.ROOT,
                        "  %s (%s): %s, %d duplicates%n",
                        v.videoId(),
                        v.source(),
                        v.status(),
                        v.duplicateClipEvents());
            }
        }
    }
}
