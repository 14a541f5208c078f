package io.clipstream.cli;

import io.clipstream.operators.analysis.CropPlanner;
import io.clipstream.operators.media.MediaLimits;
import io.clipstream.operators.media.MediaProbe;
import io.clipstream.operators.media.ProbeResult;
import io.clipstream.operators.render.ClipRenderer;
import io.clipstream.operators.render.LoudnessMeter;
import io.clipstream.operators.storage.TenantPaths;
import io.clipstream.schemas.ClipPlan;
import io.clipstream.schemas.TimeSpan;
import io.clipstream.schemas.Word;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code clipstream bench render}: the renderer on a real file, 9:16, without captions (the
 * reference, measured in the same run), with each caption style, and with jump cuts; speed as clip
 * seconds per wall second and as the ratio to the reference.
 */
final class RenderBenchmark {
    private final Path source;
    private final int runs;
    private final double seconds;

    RenderBenchmark(Path source, int runs, double seconds) {
        this.source = source;
        this.runs = runs;
        this.seconds = seconds;
    }

    /** One configuration's timing, and the loudness of its output as read back. */
    record Row(
            String name,
            double clipSeconds,
            double medianSeconds,
            double lufs,
            double truePeak,
            Double ffmpegLufs) {}

    List<Row> run(PrintStream out) throws Exception {
        ProbeResult probe = MediaProbe.probe(source, MediaLimits.DEFAULT);
        double fps = probe.facts().getFps();
        long frames = Math.min(probe.frameCount(), Math.round(seconds * fps));
        Path dir = Files.createTempDirectory("clipstream-bench-render-");
        TenantPaths paths =
                new TenantPaths(
                        dir.resolve("u").toUri().toString(),
                        dir.resolve("w").toUri().toString(),
                        dir.resolve("c").toUri().toString());
        ClipRenderer renderer = new ClipRenderer(ClipRenderer.Settings.DEFAULT, paths);
        // a word every 0.3 s, as fast talk: the densest caption changes a clip gets
        List<Word> words = new ArrayList<>();
        String[] vocabulary =
                "so here is the thing nobody tells you about building great products".split(" ");
        long endUs = probe.timeOfFrame(frames);
        for (long t = 200_000, i = 0; t + 250_000 < endUs; t += 300_000, i++) {
            words.add(
                    new Word(
                            vocabulary[(int) (i % vocabulary.length)],
                            t,
                            t + 250_000,
                            1f,
                            false,
                            50_000L));
        }
        List<TimeSpan> cuts = new ArrayList<>();
        for (long t = 0; t < endUs; t += 2_000_000) {
            cuts.add(new TimeSpan(t, Math.min(endUs, t + 1_500_000)));
        }
        List<Row> rows = new ArrayList<>();
        String[][] configs = {
            {"no captions (reference)", "none", "whole"},
            {"clean", "clean", "whole"},
            {"highlight", "highlight", "whole"},
            {"karaoke", "karaoke", "whole"},
            {"pop", "pop", "whole"},
            {"highlight + jump cuts (1/4 cut)", "highlight", "cuts"},
        };
        // FFmpeg alone, in the same process: decode, crop and scale in a filter graph, encode with
        // the same encoder and bitrate, AAC sound; nothing of clipstream's
        var window = CropPlanner.centre(probe.facts(), "9:16", 0).getKeyframes().get(0);
        ffmpegTranscode(probe, frames, window, dir.resolve("warm.mp4")); // warm-up, not timed
        // a warm-up render, not timed, so the first configuration is not the JIT's
        ClipPlan warm = plan(probe, frames, words, "highlight", List.of(new TimeSpan(0L, endUs)));
        renderer.encode(warm, warm.getCropPaths().get(0), source, dir.resolve("warm.mp4"));
        ClipPlan[] plans = new ClipPlan[configs.length];
        for (int c = 0; c < configs.length; c++) {
            plans[c] =
                    plan(
                            probe,
                            frames,
                            words,
                            configs[c][1],
                            configs[c][2].equals("cuts") ? cuts : List.of(new TimeSpan(0L, endUs)));
        }
        // Each run times every row once, in turn, so that a slow spell of a shared machine falls
        // on a run of every row rather than on all runs of one; clipstream's rows start one
        // further on each run, so that no row always follows the ffmpeg program's process.
        double[] refTimes = new double[runs];
        double[] cliTimes = new double[runs];
        double[][] times = new double[configs.length][runs];
        double[] clipSeconds = new double[configs.length];
        double[] lufs = new double[configs.length];
        double[] peak = new double[configs.length];
        Double[] ffmpegLufs = new Double[configs.length];
        for (int r = 0; r < runs; r++) {
            long begin = System.nanoTime();
            ffmpegTranscode(probe, frames, window, dir.resolve("ffmpeg.mp4"));
            refTimes[r] = (System.nanoTime() - begin) / 1e9;
            // the FFmpeg command line doing the same: the ffmpeg program that ships with JavaCV's
            // FFmpeg (Debian's has no openh264 encoder), as a process of its own
            begin = System.nanoTime();
            ffmpegCommandLine(probe, frames, window, dir.resolve("ffmpeg-cli.mp4"));
            cliTimes[r] = (System.nanoTime() - begin) / 1e9;
            for (int k = 0; k < configs.length; k++) {
                int c = (k + r) % configs.length; // each run starts at the next row
                Path file = dir.resolve("clip.mp4");
                begin = System.nanoTime();
                ClipRenderer.Encoded e =
                        renderer.encode(plans[c], plans[c].getCropPaths().get(0), source, file);
                times[c][r] = (System.nanoTime() - begin) / 1e9;
                clipSeconds[c] = e.durationUs() / 1e6;
                if (r == 0) {
                    float[][] sound = io.clipstream.operators.render.ClipAudio.decodeFile(file);
                    lufs[c] = LoudnessMeter.integrated(sound);
                    peak[c] = LoudnessMeter.truePeak(sound);
                    ffmpegLufs[c] =
                            io.clipstream.operators.render.FfmpegReference.integratedLoudness(file);
                }
                Files.deleteIfExists(file);
            }
            System.err.printf(
                    Locale.ROOT,
                    "  run %d: ffmpeg in-process %.2f s, ffmpeg program %.2f s, clipstream %s s%n",
                    r + 1,
                    refTimes[r],
                    cliTimes[r],
                    rowTimes(times, r));
        }
        rows.add(
                new Row(
                        "FFmpeg transcode, same crop/encoder",
                        frames / fps,
                        SceneBenchmark.median(refTimes),
                        Double.NaN,
                        Double.NaN,
                        null));
        rows.add(
                new Row(
                        CLI_ROW,
                        frames / fps,
                        SceneBenchmark.median(cliTimes),
                        Double.NaN,
                        Double.NaN,
                        null));
        for (int c = 0; c < configs.length; c++) {
            rows.add(
                    new Row(
                            configs[c][0],
                            clipSeconds[c],
                            SceneBenchmark.median(times[c]),
                            lufs[c],
                            peak[c],
                            ffmpegLufs[c]));
        }
        return rows;
    }

    private ClipPlan plan(
            ProbeResult probe, long frames, List<Word> words, String style, List<TimeSpan> kept) {
        return ClipPlan.newBuilder()
                .setClipId("bench")
                .setVideoId("bench")
                .setTenantId("bench")
                .setSourceUri(source.toUri().toString())
                .setRank(1)
                .setClipCount(1)
                .setScore(0f)
                .setTitle("bench")
                .setStartUs(0L)
                .setEndUs(probe.timeOfFrame(frames))
                .setStartFrame(0L)
                .setEndFrame(frames)
                .setKeptIntervals(kept)
                .setCaptionWords(words)
                .setCaptionStyle(style)
                .setCropPaths(List.of(CropPlanner.centre(probe.facts(), "9:16", 0)))
                .setStream(probe.facts())
                .setRequestedAt(Instant.EPOCH)
                .build();
    }

    /** The same clip by the ffmpeg program: crop, scale, libopenh264 at the same bitrate, AAC. */
    private void ffmpegCommandLine(
            ProbeResult probe, long frames, io.clipstream.schemas.CropKeyframe w, Path out)
            throws Exception {
        String ffmpeg = org.bytedeco.javacpp.Loader.load(org.bytedeco.ffmpeg.ffmpeg.class);
        double fps = probe.facts().getFps();
        List<String> command =
                List.of(
                        ffmpeg,
                        "-v",
                        "error",
                        "-y",
                        "-i",
                        source.toString(),
                        "-frames:v",
                        String.valueOf(frames),
                        "-t",
                        String.format(Locale.ROOT, "%.3f", frames / fps),
                        "-vf",
                        String.format(
                                Locale.ROOT,
                                "crop=%d:%d:%d:%d,scale=1080:1920:flags=bicubic",
                                w.getWidth(),
                                w.getHeight(),
                                w.getX(),
                                w.getY()),
                        "-c:v",
                        "libopenh264",
                        "-b:v",
                        String.valueOf(ClipRenderer.bitrateFor(1080, 1920, fps)),
                        "-g",
                        String.valueOf(Math.round(fps * 2)),
                        "-pix_fmt",
                        "yuv420p",
                        "-c:a",
                        "aac",
                        "-b:a",
                        String.valueOf(ClipRenderer.Settings.DEFAULT.audioBitrate()),
                        "-ar",
                        "48000",
                        "-ac",
                        "2",
                        "-movflags",
                        "+faststart",
                        out.toString());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException("ffmpeg failed: " + output);
        }
    }

    /** The same clip by FFmpeg alone: what any renderer built on it starts from. */
    private void ffmpegTranscode(
            ProbeResult probe, long frames, io.clipstream.schemas.CropKeyframe w, Path out)
            throws Exception {
        try (org.bytedeco.javacv.FFmpegFrameGrabber g =
                        new org.bytedeco.javacv.FFmpegFrameGrabber(source.toFile());
                org.bytedeco.javacv.FFmpegFrameRecorder r =
                        new org.bytedeco.javacv.FFmpegFrameRecorder(out.toFile(), 1080, 1920, 2)) {
            g.setPixelFormat(org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P);
            g.setSampleRate(48_000);
            g.setAudioChannels(2);
            g.start();
            try (org.bytedeco.javacv.FFmpegFrameFilter f =
                    new org.bytedeco.javacv.FFmpegFrameFilter(
                            String.format(
                                    Locale.ROOT,
                                    "crop=%d:%d:%d:%d,scale=1080:1920:flags=bicubic",
                                    w.getWidth(),
                                    w.getHeight(),
                                    w.getX(),
                                    w.getY()),
                            g.getImageWidth(),
                            g.getImageHeight())) {
                f.setPixelFormat(org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P);
                f.start();
                r.setFormat("mp4");
                r.setVideoCodecName("libopenh264");
                r.setPixelFormat(org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P);
                r.setFrameRate(probe.facts().getFps());
                r.setGopSize((int) Math.round(probe.facts().getFps() * 2));
                r.setVideoBitrate(ClipRenderer.bitrateFor(1080, 1920, probe.facts().getFps()));
                r.setAudioCodec(org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_AAC);
                r.setSampleRate(48_000);
                r.setAudioChannels(2);
                r.setAudioBitrate(ClipRenderer.Settings.DEFAULT.audioBitrate());
                r.setOption("movflags", "+faststart");
                r.start();
                long endUs = probe.timeOfFrame(frames);
                long written = 0;
                org.bytedeco.javacv.Frame frame;
                while ((frame = g.grab()) != null && frame.timestamp < endUs) {
                    if (frame.image != null) {
                        if (written >= frames) {
                            continue;
                        }
                        f.push(frame);
                        org.bytedeco.javacv.Frame scaled;
                        while ((scaled = f.pull()) != null) {
                            r.record(scaled);
                            written++;
                        }
                    } else if (frame.samples != null) {
                        r.record(frame);
                    }
                }
                r.stop();
            }
        }
    }

    /** Run {@code r}'s time of every configuration, in order. */
    private static String rowTimes(double[][] times, int r) {
        StringBuilder out = new StringBuilder();
        for (double[] t : times) {
            out.append(out.length() == 0 ? "" : " / ")
                    .append(String.format(Locale.ROOT, "%.2f", t[r]));
        }
        return out.toString();
    }

    /** The row of the ffmpeg program, whose speed the last ratio column compares with. */
    static final String CLI_ROW = "ffmpeg program (same crop, encoder)";

    /**
     * The table: each row's speed (clip seconds per wall second) against clipstream's render
     * without captions and against the ffmpeg program doing the same crop, scale and encode.
     */
    static void print(List<Row> rows, PrintStream out) {
        Row own =
                rows.stream()
                        .filter(r -> r.name().startsWith("no captions"))
                        .findFirst()
                        .orElseThrow();
        double reference = own.clipSeconds() / own.medianSeconds();
        // the ffmpeg program's speed, when it ran (it is JavaCV's own build, always there)
        double program =
                rows.stream()
                        .filter(r -> r.name().equals(CLI_ROW))
                        .mapToDouble(r -> r.clipSeconds() / r.medianSeconds())
                        .findFirst()
                        .orElse(Double.NaN);
        out.printf(
                Locale.ROOT,
                "%-36s  %7s  %7s  %11s  %14s  %11s  %6s  %6s  %11s%n",
                "9:16, 1080x1920",
                "clip s",
                "wall s",
                "x realtime",
                "vs no captions",
                "vs program",
                "LUFS",
                "dBTP",
                "ffmpeg LUFS");
        for (Row r : rows) {
            double speed = r.clipSeconds() / r.medianSeconds();
            out.printf(
                    Locale.ROOT,
                    "%-36s  %7.1f  %7.2f  %10.2fx  %13.2fx  %10.2fx  %6s  %6s  %11s%n",
                    r.name(),
                    r.clipSeconds(),
                    r.medianSeconds(),
                    speed,
                    speed / reference,
                    speed / program,
                    Double.isNaN(r.lufs()) ? "-" : String.format(Locale.ROOT, "%.1f", r.lufs()),
                    Double.isNaN(r.truePeak())
                            ? "-"
                            : String.format(Locale.ROOT, "%.1f", r.truePeak()),
                    r.ffmpegLufs() == null
                            ? "-"
                            : String.format(Locale.ROOT, "%.1f", r.ffmpegLufs()));
        }
    }
}
