package io.clipstream.cli;

import io.clipstream.operators.media.MediaLimits;
import io.clipstream.operators.media.MediaProbe;
import java.io.File;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Whole-process comparisons for {@code clipstream bench scenes}: {@code clipstream scenes} started
 * as its own JVM, as a user runs it, against Debian's {@code ffmpeg} decoding the same file to
 * nothing, on the same cores. Also makes the x264 (B-frames) copy of a file and the hour-long file
 * the probe is timed on, with the same ffmpeg. ffmpeg comes from {@code tools/setup-bench.sh}; the
 * product itself never runs it.
 */
final class ProcessBenchmark {
    private final String ffmpeg;
    private final int runs;

    private ProcessBenchmark(String ffmpeg, int runs) {
        this.ffmpeg = ffmpeg;
        this.runs = runs;
    }

    /** The benchmark when an ffmpeg is on the PATH, else null. */
    static ProcessBenchmark find(int runs) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "ffmpeg"))) {
                return new ProcessBenchmark(Path.of(dir, "ffmpeg").toString(), runs);
            }
        }
        return null;
    }

    /** Median wall seconds of {@code ffmpeg -v error -i FILE -map 0:v -f null -}. */
    double ffmpegDecode(Path video) throws Exception {
        return median(
                List.of(
                        ffmpeg,
                        "-v",
                        "error",
                        "-i",
                        video.toString(),
                        "-map",
                        "0:v",
                        "-f",
                        "null",
                        "-"));
    }

    /** Median wall seconds of {@code clipstream scenes FILE --json} in a JVM of its own. */
    double clipstreamScenes(Path video) throws Exception {
        return median(clipstream("scenes", video.toString(), "--json"));
    }

    /**
     * The command line of clipstream in a JVM of its own, as the launcher starts it: its options,
     * memory limits included, and for {@code clip} without a heap limit the launcher's defaults
     * ({@code CLIPSTREAM_CLIP_HEAP}, how G1 sizes it, {@code CLIPSTREAM_CLIP_GC}, and exit when out
     * of heap); the environment, {@code MALLOC_ARENA_MAX} with it, is inherited.
     */
    static List<String> clipstream(String... args) {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(javaBin));
        boolean heap = false;
        for (String arg :
                java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("--add-opens")
                    || arg.startsWith("-Dai.djl")
                    || arg.startsWith("-Xmx")
                    || arg.startsWith("-XX:")) {
                command.add(arg); // as the launcher gave them, memory limits included
                heap |= arg.startsWith("-Xmx");
            }
        }
        String clipHeap = System.getenv("CLIPSTREAM_CLIP_HEAP");
        if (!heap && args.length > 0 && args[0].equals("clip") && clipHeap != null) {
            command.add("-Xmx" + clipHeap);
            String gc = System.getenv("CLIPSTREAM_CLIP_GC");
            if (gc != null && !gc.isBlank()) {
                command.addAll(List.of(gc.trim().split("\\s+")));
            }
            command.add("-XX:+ExitOnOutOfMemoryError");
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        return command;
    }

    /**
     * A long 1920x1080 30 fps talk from short talking-head recordings played one after another
     * until {@code seconds}, each scaled up and placed left of centre: x264 (preset medium, 3
     * B-frames, its default keyframe interval) with AAC sound.
     */
    Path talk(List<Path> recordings, int seconds, Path out) throws Exception {
        Path list = Files.createTempFile("bench-talk-", ".txt");
        try {
            StringBuilder lines = new StringBuilder();
            // each speaker talks for five recordings in a row, then the next one: a cut every few
            // sentences, as in a multi-camera podcast (more than enough lines: each lasts seconds)
            for (int i = 0; i < seconds; i++) {
                for (Path r : recordings) {
                    for (int k = 0; k < 5; k++) {
                        lines.append("file '").append(r.toAbsolutePath()).append("'\n");
                    }
                }
            }
            Files.writeString(list, lines);
            ffmpeg(
                    "-f",
                    "concat",
                    "-safe",
                    "0",
                    "-i",
                    list.toString(),
                    "-t",
                    String.valueOf(seconds),
                    "-vf",
                    "scale=1350:1080,pad=1920:1080:400:0:color=0x303848,fps=30",
                    "-c:v",
                    "libx264",
                    "-preset",
                    "medium",
                    "-bf",
                    "3",
                    "-pix_fmt",
                    "yuv420p",
                    "-c:a",
                    "aac",
                    "-b:a",
                    "128k",
                    "-ar",
                    "48000",
                    out.toString());
            return out;
        } finally {
            Files.deleteIfExists(list);
        }
    }

    /** An x264 copy (preset medium, 3 B-frames) of the video stream, without sound. */
    Path x264Copy(Path video) throws Exception {
        Path out = Files.createTempFile("bench-x264-", ".mp4");
        out.toFile().deleteOnExit();
        ffmpeg(
                "-i",
                video.toString(),
                "-map",
                "0:v",
                "-c:v",
                "libx264",
                "-preset",
                "medium",
                "-bf",
                "3",
                "-g",
                "60",
                out.toString());
        return out;
    }

    /**
     * An hour-long file: the video looped 60 times into one MP4 without re-encoding, so it has the
     * packets (and the index) of an hour at the video's frame rate.
     */
    Path hourLong(Path minute) throws Exception {
        Path small = Files.createTempFile("bench-360p-", ".mp4");
        small.toFile().deleteOnExit();
        ffmpeg(
                "-i",
                minute.toString(),
                "-map",
                "0:v",
                "-vf",
                "scale=640:-2",
                "-c:v",
                "libx264",
                "-preset",
                "veryfast",
                "-g",
                "60",
                small.toString());
        Path hour = Files.createTempFile("bench-1h-", ".mp4");
        hour.toFile().deleteOnExit();
        ffmpeg("-stream_loop", "59", "-i", small.toString(), "-c", "copy", hour.toString());
        Files.delete(small);
        return hour;
    }

    /** Median seconds of probing (packet scan and first-frame decode) in this JVM, warmed up. */
    double probe(Path video) throws Exception {
        MediaProbe.probe(video, MediaLimits.DEFAULT);
        double[] times = new double[runs];
        for (int r = 0; r < runs; r++) {
            long begin = System.nanoTime();
            MediaProbe.probe(video, MediaLimits.DEFAULT);
            times[r] = (System.nanoTime() - begin) / 1e9;
        }
        return SceneBenchmark.median(times);
    }

    private double median(List<String> command) throws Exception {
        double[] times = new double[runs];
        for (int r = 0; r < runs; r++) {
            long begin = System.nanoTime();
            run(command);
            times[r] = (System.nanoTime() - begin) / 1e9;
        }
        return SceneBenchmark.median(times);
    }

    /** Runs Debian's ffmpeg quietly with the given arguments, overwriting outputs. */
    private void ffmpeg(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(ffmpeg, "-v", "error", "-y"));
        command.addAll(List.of(args));
        run(command);
    }

    private static void run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().transferTo(OutputStream.nullOutputStream());
        if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException(command.get(0) + " failed: exit " + p.exitValue());
        }
    }
}
