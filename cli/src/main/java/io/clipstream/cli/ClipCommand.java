package io.clipstream.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.clipstream.schemas.Options;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code clipstream clip FILE...}: clips local videos on the embedded stack. Several files share
 * one stack and are processed side by side; each gets its own output directory.
 */
@Command(
        name = "clip",
        mixinStandardHelpOptions = true,
        description = "Clip a video file on the embedded broker, store and local Flink.")
class ClipCommand implements Callable<Integer> {
    @Parameters(
            arity = "1..*",
            paramLabel = "FILE",
            description = "Video files to clip; with several, each gets a directory under --out.")
    List<Path> files;

    @Option(
            names = "--out",
            description = "Directory for the clips (default: ${DEFAULT-VALUE}).",
            defaultValue = "clipstream-out")
    Path out = Path.of("clipstream-out");

    @Option(names = "--json", description = "Print one JSON object on stdout instead of a table.")
    boolean json;

    @Option(
            names = "--min-seconds",
            defaultValue = "15",
            description = "Shortest clip (default: ${DEFAULT-VALUE}).")
    double minSeconds;

    @Option(
            names = "--max-seconds",
            defaultValue = "60",
            description = "Longest clip (default: ${DEFAULT-VALUE}).")
    double maxSeconds;

    @Option(
            names = "--max-clips",
            defaultValue = "5",
            description = "Most clips (default: ${DEFAULT-VALUE}).")
    int maxClips;

    @Option(
            names = "--aspect",
            split = ",",
            defaultValue = "9:16",
            description = "Aspect ratios, comma separated (default: ${DEFAULT-VALUE}).")
    List<String> aspects;

    @Option(
            names = "--parallelism",
            defaultValue = "2",
            description = "Flink parallelism (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(
            names = "--tenant",
            defaultValue = "local",
            description = "Tenant id (default: ${DEFAULT-VALUE}).")
    String tenant;

    @Option(
            names = "--timeout",
            defaultValue = "PT30M",
            description = "Give up after this ISO-8601 duration (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(
            names = "--prompt",
            paramLabel = "TEXT",
            description = "Favour moments about this, e.g. \"moments about pricing\".")
    String prompt;

    @Option(
            names = "--remove-fillers",
            description = "Plan the clips without filler words and with long pauses shortened.")
    boolean removeFillers;

    @Option(
            names = "--caption-style",
            defaultValue = "highlight",
            paramLabel = "STYLE",
            description =
                    "Burned-in captions: none, clean, highlight, karaoke or pop (default: ${DEFAULT-VALUE}).")
    String captionStyle = "highlight";

    @Option(
            names = "--brand-kit",
            paramLabel = "FILE.json",
            description =
                    "Caption look and logo: a JSON object with the BrandKit fields (README); fontUri and logoUri may be local files.")
    Path brandKit;

    @Option(
            names = "--transcript",
            paramLabel = "FILE",
            description =
                    "Your transcript of the video (SRT, WebVTT or JSON words), aligned instead of recognised.")
    Path transcript;

    @Option(
            names = "--callback-url",
            paramLabel = "URL",
            description =
                    "Post signed webhooks (progress, completed, failed) here; https only, unless -D clipstream.webhooks.allow-private-networks=true for a local receiver.")
    String callbackUrl;

    @Option(
            names = "--webhook-secret",
            paramLabel = "SECRET",
            description =
                    "The tenant's webhook signing secret (HMAC-SHA256); or give clipstream.webhooks.secrets or secrets-file with -D.")
    String webhookSecret;

    @Option(
            names = {"-D", "--conf"},
            description = "Job configuration, key=value (see README).")
    Map<String, String> conf = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        for (Path file : files) {
            if (!Files.isRegularFile(file)) {
                System.err.println("clipstream: " + file + ": no such file");
                return 2;
            }
        }
        if (webhookSecret != null && callbackUrl == null) {
            System.err.println("clipstream: --webhook-secret needs --callback-url");
            return 2;
        }
        Options options;
        try {
            options = options();
        } catch (IllegalArgumentException e) {
            System.err.println("clipstream: " + e.getMessage());
            return 2;
        }
        return ResultStream.run(result -> clip(files, options, result));
    }

    Options options() {
        io.clipstream.operators.render.captions.CaptionStyle.parse(captionStyle);
        return Options.newBuilder()
                .setCaptionStyle(captionStyle.toLowerCase(Locale.ROOT))
                .setBrandKit(brandKit == null ? null : BrandKitFile.read(brandKit))
                .setAspectRatios(aspects)
                .setMinClipSeconds(minSeconds)
                .setMaxClipSeconds(maxSeconds)
                .setMaxClips(maxClips)
                .setPrompt(prompt)
                .setRemoveFillers(removeFillers)
                .build();
    }

    /**
     * Runs the pipeline with every library's console output (Kafka's formatter prints to stdout)
     * sent to stderr, so stdout carries only the result: the table, or exactly one JSON object.
     */
    int clip(Path video, Options options) throws Exception {
        return ResultStream.run(result -> clip(List.of(video), options, result));
    }

    private int clip(List<Path> videos, Options options, PrintStream result) throws Exception {
        PrintStream err = System.err;
        boolean several = videos.size() > 1;
        List<Path> outDirs = new ArrayList<>();
        List<ProgressBar> bars = new ArrayList<>();
        for (Path video : videos) {
            outDirs.add(several ? out.resolve(ClipRun.safeName(video)) : out);
            bars.add(
                    new ProgressBar(
                            err,
                            !json && System.console() != null,
                            several ? video.getFileName().toString() : ""));
        }
        List<ClipRun.Result> runs =
                new ClipRun(
                                parallelism,
                                tenant,
                                conf,
                                timeout,
                                callbackUrl == null
                                        ? null
                                        : new ClipRun.Callback(callbackUrl, webhookSecret))
                        .run(videos, transcript, options, outDirs, bars);
        boolean allClipped = true;
        List<Map<String, Object>> objects = new ArrayList<>();
        for (int i = 0; i < videos.size(); i++) {
            Path video = videos.get(i);
            ClipRun.Result run = runs.get(i);
            VideoWatcher.Outcome outcome = run.outcome();
            String reason = outcome.succeeded() ? null : reason(outcome);
            if (reason != null) {
                allClipped = false;
                err.println("clipstream: " + video + " was not clipped: " + reason);
            }
            for (String warning : outcome.warnings()) {
                err.println("clipstream: " + video + ": warning: " + oneLine(warning));
            }
            if (run.webhook() != null) {
                err.println("clipstream: " + video + ": webhook: " + run.webhook());
            }
            Map<String, Object> object = json(run);
            if (several) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("source", video.toString());
                entry.put("status", reason == null ? "DONE" : "FAILED");
                entry.put("reason", reason);
                entry.putAll(object);
                objects.add(entry);
            } else {
                objects.add(object);
            }
            if (!json && reason == null) {
                if (several) {
                    result.println("== " + video + " (" + run.videoId() + ")");
                }
                printTable(run, result);
            }
        }
        if (json && (several || allClipped)) {
            Object root = several ? Map.of("videos", objects) : objects.get(0);
            result.println(new ObjectMapper().writeValueAsString(root));
        }
        return allClipped ? 0 : 1;
    }

    private static String reason(VideoWatcher.Outcome outcome) {
        return oneLine(
                outcome.deadLetters().isEmpty()
                        ? outcome.failure()
                        : outcome.deadLetters().get(0).getReason()
                                + ": "
                                + outcome.deadLetters().get(0).getMessage());
    }

    private static Map<String, Object> json(ClipRun.Result result) {
        List<Map<String, Object>> clips = new ArrayList<>();
        List<String> warnings = new ArrayList<>(result.outcome().warnings());
        for (ClipRun.LocalClip c : result.clips()) {
            clips.add(clipObject(c));
            for (String w : c.warnings()) {
                if (!warnings.contains(w)) {
                    warnings.add(w);
                }
            }
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("videoId", result.videoId());
        root.put("warnings", warnings);
        root.put("report", result.report() == null ? null : result.report().toString());
        root.put("clips", clips);
        if (result.webhook() != null) {
            root.put("webhook", result.webhook());
        }
        return root;
    }

    /** One clip of the JSON contract, shared by {@code clip} and {@code reprocess}. */
    static Map<String, Object> clipObject(ClipRun.LocalClip c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rank", c.rank());
        m.put("start", round3(c.start()));
        m.put("end", round3(c.end()));
        m.put("duration", round3(c.duration()));
        m.put("score", Math.round(c.score() * 10) / 10.0);
        m.put("title", c.title());
        m.put("path", c.outputs().isEmpty() ? null : c.outputs().get(0).path().toString());
        List<Map<String, Object>> outputs = new ArrayList<>();
        for (ClipRun.LocalOutput o : c.outputs()) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("aspect", o.aspect());
            out.put("path", o.path().toString());
            out.put("width", o.width());
            out.put("height", o.height());
            out.put("thumbnail", o.thumbnail() == null ? null : o.thumbnail().toString());
            out.put("loudness", Math.round(o.loudness() * 10) / 10.0);
            List<Map<String, Object>> layouts = new ArrayList<>();
            for (var shot : o.shots()) {
                Map<String, Object> l = new LinkedHashMap<>();
                l.put("start", round3(shot.getStartUs() / 1e6));
                l.put("end", round3(shot.getEndUs() / 1e6));
                l.put("layout", shot.getLayout());
                l.put("subject", shot.getSubject());
                l.put("moving", shot.getMoving());
                layouts.add(l);
            }
            out.put("layouts", layouts);
            outputs.add(out);
        }
        m.put("outputs", outputs);
        Path thumb = c.outputs().isEmpty() ? null : c.outputs().get(0).thumbnail();
        m.put("thumbnail", thumb == null ? null : thumb.toString());
        Map<String, Object> captions = new LinkedHashMap<>();
        captions.put("srt", c.srt() == null ? null : c.srt().toString());
        captions.put("vtt", c.vtt() == null ? null : c.vtt().toString());
        m.put("captions", captions);
        return m;
    }

    private static void printTable(ClipRun.Result result, PrintStream out) {
        if (result.clips().isEmpty()) {
            out.println("No clip fits the requested length; try --min-seconds/--max-seconds.");
            return;
        }
        out.printf(
                Locale.ROOT,
                "%-4s  %9s  %9s  %8s  %5s  %-40s  %s%n",
                "rank",
                "start",
                "end",
                "duration",
                "score",
                "title",
                "path");
        for (ClipRun.LocalClip c : result.clips()) {
            String title = c.title().length() > 40 ? c.title().substring(0, 39) + "…" : c.title();
            for (int i = 0; i < c.outputs().size(); i++) {
                ClipRun.LocalOutput o = c.outputs().get(i);
                if (i == 0) {
                    out.printf(
                            Locale.ROOT,
                            "%-4d  %9s  %9s  %7.2fs  %5.1f  %-40s  %s%n",
                            c.rank(),
                            clock(c.start()),
                            clock(c.end()),
                            c.duration(),
                            c.score(),
                            title,
                            o.path());
                } else {
                    out.printf(
                            Locale.ROOT,
                            "%-4s  %9s  %9s  %8s  %5s  %-40s  %s%n",
                            "",
                            "",
                            "",
                            "",
                            "",
                            "",
                            o.path());
                }
            }
        }
        if (result.report() != null) {
            out.println("report: " + result.report());
        }
    }

    private static double round3(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private static String clock(double seconds) {
        long ms = Math.round(seconds * 1000);
        return String.format(Locale.ROOT, "%d:%02d.%03d", ms / 60000, ms / 1000 % 60, ms % 1000);
    }

    private static String oneLine(String s) {
        return s == null ? "unknown failure" : s.replaceAll("\\s+", " ").trim();
    }
}
