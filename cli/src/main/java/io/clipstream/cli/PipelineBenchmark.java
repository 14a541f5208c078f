package io.clipstream.cli;

import io.clipstream.operators.media.MediaLimits;
import io.clipstream.operators.media.MediaProbe;
import io.clipstream.operators.media.ProbeResult;
import io.clipstream.operators.timing.StageClock;
import io.clipstream.operators.timing.StageClock.Stage;
import io.clipstream.operators.timing.StageClock.Totals;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine;

/**
 * {@code clipstream bench pipeline}: where a long talk's time goes, stage by stage, and the whole
 * run as a user starts it.
 *
 * <p>The stage table comes from one in-process run of {@code clipstream clip} with one slot and one
 * decode thread, so the stages follow one another and each one's CPU is its own ({@link
 * StageClock}). The user's run is {@code clipstream clip FILE} with its defaults in a JVM of its
 * own: its wall time, when the analysis ended and the first and last clips were reported, and its
 * peak resident memory.
 */
final class PipelineBenchmark {
    private final PrintStream out;

    PipelineBenchmark(PrintStream out) {
        this.out = out;
    }

    int run(Path file, boolean stages, boolean process) throws Exception {
        ProbeResult probe = MediaProbe.probe(file, MediaLimits.DEFAULT);
        var facts = probe.facts();
        double seconds = facts.getDurationUs() / 1e6;
        out.printf(
                Locale.ROOT,
                "clipstream bench pipeline: %s, %.1f s, %dx%d, %.3f fps, %s; %d cores, %s%n%n",
                file.getFileName(),
                seconds,
                facts.getWidth(),
                facts.getHeight(),
                facts.getFps(),
                facts.getVideoCodec(),
                Runtime.getRuntime().availableProcessors(),
                java.time.LocalDate.now());
        if (stages) {
            stages(file, seconds);
        }
        if (process) {
            userRun(file, seconds);
        }
        return 0;
    }

    private void stages(Path file, double seconds) throws Exception {
        ClipCommand defaults = new ClipCommand();
        new CommandLine(defaults).parseArgs(file.toString());
        Path outDir = Files.createTempDirectory("bench-pipeline-");
        var os =
                (com.sun.management.OperatingSystemMXBean)
                        ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long begin = System.nanoTime();
        StageClock.start();
        Map<Stage, Totals> totals;
        ClipRun.Result result;
        try {
            result =
                    new ClipRun(
                                    1,
                                    defaults.tenant,
                                    Map.of("clipstream.analysis.decode-threads", "1"),
                                    defaults.timeout,
                                    null)
                            .run(
                                    file,
                                    null,
                                    defaults.options(),
                                    outDir,
                                    new ProgressBar(System.err, false, "stages"));
        } finally {
            totals = StageClock.stop();
        }
        double wall = (System.nanoTime() - begin) / 1e9;
        double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
        ClipRun.deleteTree(outDir);
        if (!result.outcome().succeeded()) {
            throw new IllegalStateException("the run did not succeed: " + result.outcome());
        }
        double staged = 0;
        for (Totals t : totals.values()) {
            staged += t.cpuNanos() / 1e9;
        }
        out.printf(
                Locale.ROOT,
                "Stages: clipstream clip in this JVM, 1 slot, 1 decode thread, stages one after another (%d clips)%n",
                result.outcome().clips().size());
        out.println("| stage | wall s | CPU s | share of CPU | x realtime |");
        out.println("|---|---|---|---|---|");
        for (Stage stage : Stage.values()) {
            Totals t = totals.get(stage);
            if (t == null) {
                continue;
            }
            double w = t.wallNanos() / 1e9;
            double c = t.cpuNanos() / 1e9;
            out.printf(
                    Locale.ROOT,
                    "| %s | %.1f | %.1f | %.0f%% | %s |%n",
                    stage.label(),
                    w,
                    c,
                    100 * c / cpu,
                    w > 0 ? String.format(Locale.ROOT, "%.1fx", seconds / w) : "");
        }
        out.printf(
                Locale.ROOT,
                "| everything else (stack start, Kafka, Flink, checkpoints, JIT, GC) | | %.1f | %.0f%% | |%n",
                cpu - staged,
                100 * (cpu - staged) / cpu);
        out.printf(
                Locale.ROOT,
                "| whole run | %.1f | %.1f | 100%% | %.1fx |%n",
                wall,
                cpu,
                seconds / wall);
        Totals encode = totals.get(Stage.RENDER_ENCODE);
        if (encode != null) {
            List<String> each = new ArrayList<>();
            for (long n : encode.callWallNanos()) {
                each.add(String.format(Locale.ROOT, "%.1f", n / 1e9));
            }
            double clipSeconds = 0;
            for (var c : result.outcome().clips()) {
                clipSeconds += c.getDurationUs() / 1e6;
            }
            out.printf(
                    Locale.ROOT,
                    "Each clip's encode, s: %s (%.1f s of clips, %.2fx realtime)%n",
                    String.join(", ", each),
                    clipSeconds,
                    clipSeconds / (encode.wallNanos() / 1e9));
        }
        out.println();
    }

    private void userRun(Path file, double seconds) throws Exception {
        Path outDir = Files.createTempDirectory("bench-pipeline-user-");
        List<String> command =
                ProcessBenchmark.clipstream(
                        "clip", file.toString(), "--out", outDir.toString(), "--json");
        long begin = System.nanoTime();
        Process p =
                new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        AtomicLong analysed = new AtomicLong(-1);
        AtomicLong firstClip = new AtomicLong(-1);
        AtomicLong lastClip = new AtomicLong(-1);
        List<String> errors = new ArrayList<>();
        Thread reader =
                new Thread(
                        () -> {
                            try (BufferedReader r =
                                    new BufferedReader(
                                            new InputStreamReader(
                                                    p.getErrorStream(), StandardCharsets.UTF_8))) {
                                String line;
                                while ((line = r.readLine()) != null) {
                                    long at = System.nanoTime() - begin;
                                    // the assembly's last status: "... talking points, N clips"
                                    if (line.contains("talking points") && analysed.get() < 0) {
                                        analysed.set(at);
                                    }
                                    if (line.contains(
                                            io.clipstream.operators.flink.RenderFunction
                                                    .CLIP_DONE)) {
                                        firstClip.compareAndSet(-1, at);
                                        lastClip.set(at);
                                    }
                                    if (line.startsWith("clipstream:")) {
                                        errors.add(line);
                                    }
                                }
                            } catch (java.io.IOException e) {
                                errors.add(e.toString());
                            }
                        });
        reader.start();
        long peakKb = 0;
        Path status = Path.of("/proc", String.valueOf(p.pid()), "status");
        while (!p.waitFor(100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
            peakKb = Math.max(peakKb, highWaterKb(status));
        }
        double wall = (System.nanoTime() - begin) / 1e9;
        reader.join(Duration.ofSeconds(5).toMillis());
        ClipRun.deleteTree(outDir);
        if (p.exitValue() != 0) {
            throw new IllegalStateException(
                    "clipstream clip exited " + p.exitValue() + ": " + String.join("; ", errors));
        }
        out.println(
                "As a user runs it: clipstream clip FILE --json, defaults, in a JVM of its own (JVM start included)");
        out.println(
                "| wall s | x realtime | analysis done | first clip reported | last clip reported | peak resident memory |");
        out.println("|---|---|---|---|---|---|");
        out.printf(
                Locale.ROOT,
                "| %.1f | %.2fx | %s | %s | %s | %s |%n%n",
                wall,
                seconds / wall,
                at(analysed.get()),
                at(firstClip.get()),
                at(lastClip.get()),
                peakKb > 0 ? String.format(Locale.ROOT, "%.0f MB", peakKb / 1024.0) : "n/a");
    }

    private static String at(long nanos) {
        return nanos < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }

    /** The process's peak resident set so far (VmHWM), in kB; 0 where /proc cannot say. */
    private static long highWaterKb(Path status) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (java.io.IOException | NumberFormatException e) {
            // the process has ended, or this is not Linux
        }
        return 0;
    }
}
