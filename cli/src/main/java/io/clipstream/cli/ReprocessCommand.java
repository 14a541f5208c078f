package io.clipstream.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.clipstream.ingest.IngestJobOptions;
import io.clipstream.operators.batch.ArchiveListing;
import io.clipstream.operators.batch.ArchiveSink;
import io.clipstream.operators.batch.ArchiveSource;
import io.clipstream.operators.config.CommonOptions;
import io.clipstream.operators.storage.ObjectStore;
import io.clipstream.reprocess.ReprocessJob;
import io.clipstream.reprocess.ReprocessJobOptions;
import io.clipstream.schemas.ArchiveEntry;
import io.clipstream.schemas.BatchStatus;
import io.clipstream.schemas.ClipRendered;
import io.clipstream.schemas.JobStatus;
import io.clipstream.schemas.Options;
import io.clipstream.schemas.VideoOutcome;
import io.clipstream.schemas.VideoSummary;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code clipstream reprocess SOURCE}: every video of an archive through the batch job on a local
 * MiniCluster, with storage under {@code --out} ({@code file://}), so a rerun finds the done
 * markers of the last and skips those videos.
 */
@Command(
        name = "reprocess",
        mixinStandardHelpOptions = true,
        description =
                "Clip every video of an archive in one Flink batch job: a directory (all of it one"
                        + " tenant's) or a manifest of tenantId,uri[,options] lines (.csv, .txt) or"
                        + " JSON Lines (.jsonl). Reruns skip the videos already done.")
class ReprocessCommand implements Callable<Integer> {
    @Parameters(
            index = "0",
            paramLabel = "SOURCE",
            description = "A directory, a file:// or s3:// prefix, or a manifest file.")
    String source;

    @Option(
            names = "--out",
            defaultValue = "clipstream-batch",
            description =
                    "Where clips, talking points, dead letters, summaries and done markers go (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(
            names = "--parallelism",
            defaultValue = "2",
            description = "Flink parallelism (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(
            names = "--tenant",
            paramLabel = "T",
            description =
                    "The tenant a directory belongs to (default: local); with a manifest, run only T's lines.")
    String tenant;

    @Option(names = "--force", description = "Redo every video, even those already done.")
    boolean force;

    @Option(names = "--json", description = "Print one JSON object on stdout instead of a table.")
    boolean json;

    @Option(
            names = "--uploads-root",
            paramLabel = "URI",
            description =
                    "With a manifest: each tenant's videos must lie under URI/{tenantId}/ (default: the manifest's directory).")
    String uploadsRoot;

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
            description = "Most clips per video (default: ${DEFAULT-VALUE}).")
    int maxClips;

    @Option(
            names = "--aspect",
            split = ",",
            defaultValue = "9:16",
            description = "Aspect ratios, comma separated (default: ${DEFAULT-VALUE}).")
    List<String> aspects;

    @Option(
            names = "--caption-style",
            defaultValue = "highlight",
            paramLabel = "STYLE",
            description =
                    "Burned-in captions: none, clean, highlight, karaoke or pop (default: ${DEFAULT-VALUE}).")
    String captionStyle;

    @Option(
            names = "--remove-fillers",
            description = "Plan the clips without filler words and with long pauses shortened.")
    boolean removeFillers;

    @Option(names = "--prompt", paramLabel = "TEXT", description = "Favour moments about this.")
    String prompt;

    @Option(
            names = {"-D", "--conf"},
            description = "Job configuration, key=value (see README).")
    Map<String, String> conf = new LinkedHashMap<>();

    /** Where the progress bar is drawn; the benchmark runs without one. */
    PrintStream progressOut = System.err;

    /** What one run did, for the command's output and the benchmark. */
    record Run(List<VideoSummary> videos, double seconds, BatchProgress progress) {}

    @Override
    public Integer call() throws Exception {
        String uri = uri(source);
        if (ObjectStore.isLocal(uri) && !Files.exists(ObjectStore.localPath(uri))) {
            System.err.println("clipstream: " + source + ": no such file or directory");
            return 1;
        }
        Options options;
        try {
            options = options();
        } catch (IllegalArgumentException e) {
            System.err.println("clipstream: " + e.getMessage());
            return 2;
        }
        return ResultStream.run(
                result -> {
                    Run run;
                    try {
                        run = run(uri, options, !json && System.console() != null);
                    } catch (CannotRun e) {
                        System.err.println("clipstream: " + e.getMessage());
                        return 1;
                    }
                    if (json) {
                        result.println(new ObjectMapper().writeValueAsString(json(run)));
                    } else {
                        printTable(run, result);
                    }
                    return 0;
                });
    }

    /** The run's clip options, from the flags; an unknown caption style is refused. */
    Options options() {
        io.clipstream.operators.render.captions.CaptionStyle.parse(captionStyle);
        return Options.newBuilder()
                .setCaptionStyle(captionStyle.toLowerCase(Locale.ROOT))
                .setAspectRatios(aspects)
                .setMinClipSeconds(minSeconds)
                .setMaxClipSeconds(maxSeconds)
                .setMaxClips(maxClips)
                .setPrompt(prompt)
                .setRemoveFillers(removeFillers)
                .build();
    }

    /** Why the batch could not run at all (as opposed to videos that failed in it). */
    static final class CannotRun extends Exception {
        CannotRun(String message, Throwable cause) {
            super(message, cause);
        }
    }

    Run run(String sourceUri, Options options, boolean terminal) throws CannotRun {
        long begin = System.nanoTime();
        Configuration c = configuration(sourceUri);
        // s3:// archives and storage: the S3 settings given with -D (s3.endpoint, s3.access-key
        // ...)
        org.apache.flink.core.fs.FileSystem.initialize(c, null);
        List<ArchiveEntry> listed;
        try {
            listed = ArchiveListing.list(ReprocessJob.listing(c, options));
        } catch (IOException | RuntimeException e) {
            throw new CannotRun("cannot list " + source + ": " + e.getMessage(), e);
        }
        BatchProgress progress = new BatchProgress(progressOut, terminal, listed.size());
        if (listed.isEmpty()) {
            System.err.println("clipstream: " + source + " holds no videos to reprocess");
            return new Run(List.of(), (System.nanoTime() - begin) / 1e9, progress);
        }
        List<VideoOutcome> outcomes = Collections.synchronizedList(new ArrayList<>());
        ReprocessJob.Settings settings = ReprocessJob.settings(c);
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createLocalEnvironment(parallelism, c);
        try (InProcessSink<JobStatus> statuses = new InProcessSink<>(progress::update);
                InProcessSink<VideoOutcome> collected = new InProcessSink<>(outcomes::add)) {
            new ReprocessJob(
                            new ArchiveSource(ReprocessJob.listing(c, options)),
                            new ArchiveSink(settings.plan().outputs()),
                            statuses,
                            settings)
                    .build(env)
                    .sinkTo(collected)
                    .name("local runner");
            env.execute("clipstream-reprocess");
        } catch (Exception e) {
            progress.finish();
            throw new CannotRun("the batch could not run: " + rootMessage(e), e);
        }
        List<VideoSummary> videos = new ArrayList<>();
        outcomes.forEach(o -> videos.add(o.getSummary()));
        progress.complete(
                count(videos, BatchStatus.DONE),
                count(videos, BatchStatus.FAILED),
                count(videos, BatchStatus.SKIPPED));
        videos.sort(
                Comparator.comparingInt(VideoSummary::getLine)
                        .thenComparing(VideoSummary::getSourceUri));
        return new Run(videos, (System.nanoTime() - begin) / 1e9, progress);
    }

    private static int count(List<VideoSummary> videos, BatchStatus status) {
        return (int) videos.stream().filter(v -> v.getStatus() == status).count();
    }

    /** The job's configuration: file:// storage under --out, the archive, the run's choices. */
    Configuration configuration(String sourceUri) {
        Path dir = out.toAbsolutePath().normalize();
        Configuration c = new Configuration();
        String root = uploadsRoot;
        if (root == null) {
            String s =
                    sourceUri.endsWith("/")
                            ? sourceUri.substring(0, sourceUri.length() - 1)
                            : sourceUri;
            root = s.substring(0, s.lastIndexOf('/') + 1);
        }
        c.set(CommonOptions.UPLOADS_ROOT, root);
        c.set(CommonOptions.WORK_ROOT, dir.resolve(".work").toUri().toString());
        c.set(CommonOptions.CLIPS_ROOT, dir.resolve("clips").toUri().toString());
        c.set(CommonOptions.PARALLELISM, parallelism);
        c.set(IngestJobOptions.SEGMENT_TARGET, Duration.ofSeconds(60));
        c.set(ReprocessJobOptions.SOURCE, sourceUri);
        c.set(ReprocessJobOptions.OUTPUT_ROOT, dir.toUri().toString());
        if (tenant != null) {
            c.set(ReprocessJobOptions.TENANT, tenant);
        }
        c.set(ReprocessJobOptions.FORCE, force);
        conf.forEach(c::setString);
        return c;
    }

    static String uri(String source) {
        if (source.contains("://") || source.startsWith("file:")) {
            return source;
        }
        Path p = Path.of(source).toAbsolutePath().normalize();
        String u = p.toUri().toString();
        return Files.isDirectory(p) && !u.endsWith("/") ? u + "/" : u;
    }

    static Map<String, Object> json(Run run) throws Exception {
        List<Map<String, Object>> videos = new ArrayList<>();
        for (VideoSummary v : run.videos()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("source", display(v.getSourceUri()));
            m.put("videoId", v.getVideoId());
            m.put("status", v.getStatus().toString());
            m.put("reason", reason(v));
            List<Map<String, Object>> clips = new ArrayList<>();
            for (ClipRendered clip : v.getClips()) {
                clips.add(ClipCommand.clipObject(ClipRun.inPlace(clip)));
            }
            m.put("clips", clips);
            m.put("report", v.getReportUri() == null ? null : display(v.getReportUri()));
            m.put("warnings", v.getWarnings());
            videos.add(m);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("videos", videos);
        root.put("seconds", Math.round(run.seconds() * 10) / 10.0);
        return root;
    }

    private void printTable(Run run, PrintStream result) {
        int done = 0;
        int failed = 0;
        int skipped = 0;
        result.printf(Locale.ROOT, "%-8s %5s  %-40s %s%n", "status", "clips", "video", "source");
        for (VideoSummary v : run.videos()) {
            switch (v.getStatus()) {
                case DONE -> done++;
                case FAILED -> failed++;
                case SKIPPED -> skipped++;
            }
            result.printf(
                    Locale.ROOT,
                    "%-8s %5s  %-40s %s%n",
                    v.getStatus(),
                    v.getStatus() == BatchStatus.FAILED ? "-" : v.getClips().size(),
                    v.getVideoId(),
                    display(v.getSourceUri()) + (reason(v) == null ? "" : "  (" + reason(v) + ")"));
        }
        Path dir = out.toAbsolutePath().normalize();
        result.printf(
                Locale.ROOT,
                "%n%d videos in %.1f s: %d done, %d failed, %d skipped%n",
                run.videos().size(),
                run.seconds(),
                done,
                failed,
                skipped);
        result.println("clips:          " + dir.resolve("clips"));
        result.println(
                "talking points: "
                        + dir.resolve("scored")
                        + "  (query: clipstream sql --from "
                        + out
                        + " ...)");
    }

    private static String reason(VideoSummary v) {
        if (v.getReason() == null) {
            return null;
        }
        String r = v.getReason().replaceAll("\\s+", " ").strip();
        return v.getReasonCode() == null ? r : v.getReasonCode() + ": " + r;
    }

    private static String display(String uri) {
        return ObjectStore.isLocal(uri) && !uri.isEmpty()
                ? ObjectStore.localPath(uri).toString()
                : uri;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
