package io.clipstream.cli;

import io.clipstream.ingest.IngestJobOptions;
import io.clipstream.notify.NotifyJob;
import io.clipstream.notify.NotifyJobOptions;
import io.clipstream.operators.analysis.SegmentAnalyzer;
import io.clipstream.operators.config.CommonOptions;
import io.clipstream.operators.storage.ObjectStore;
import io.clipstream.schemas.ClipRendered;
import io.clipstream.schemas.JobStatus;
import io.clipstream.schemas.Options;
import io.clipstream.schemas.RenderedOutput;
import io.clipstream.schemas.Stage;
import io.clipstream.schemas.State;
import io.clipstream.schemas.UploadRequested;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One local clipping run: start the embedded stack and a local MiniCluster running all three jobs,
 * upload the file to the embedded store, publish the upload event, follow it to the end and copy
 * the clips out.
 */
final class ClipRun {
    private static final Logger LOG = LoggerFactory.getLogger(ClipRun.class);

    /**
     * One rendered file of a clip, copied out.
     *
     * @param shots the framing decided for each shot of the clip in this aspect ratio
     */
    record LocalOutput(
            String aspect,
            Path path,
            int width,
            int height,
            Path thumbnail,
            double loudness,
            List<io.clipstream.schemas.ShotFraming> shots) {}

    /** A clip copied to the output directory with its outputs, thumbnails and subtitles. */
    record LocalClip(
            int rank,
            double start,
            double end,
            double duration,
            double score,
            String title,
            List<LocalOutput> outputs,
            Path srt,
            Path vtt,
            List<String> warnings) {}

    /**
     * What the run produced.
     *
     * @param webhook how the video's last webhook went, when a callback URL was given
     */
    record Result(
            String videoId,
            VideoWatcher.Outcome outcome,
            List<LocalClip> clips,
            Path report,
            String webhook) {}

    /** A callback URL for every upload of the run, and the run's tenant's signing secret. */
    record Callback(String url, String secret) {}

    private final int parallelism;
    private final String tenant;
    private final Map<String, String> overrides;
    private final Duration timeout;
    private final Callback callback;

    /**
     * @param callback where every upload's webhooks go, or null for none
     */
    ClipRun(
            int parallelism,
            String tenant,
            Map<String, String> overrides,
            Duration timeout,
            Callback callback) {
        this.parallelism = parallelism;
        this.tenant = tenant;
        this.overrides = overrides;
        this.timeout = timeout;
        this.callback = callback;
    }

    Result run(Path file, Path transcript, Options options, Path outDir, ProgressBar progress)
            throws Exception {
        return run(List.of(file), transcript, options, List.of(outDir), List.of(progress)).get(0);
    }

    /**
     * Clips several files on one stack: all are uploaded at once and processed side by side; each
     * file's clips go to its own directory and its progress to its own bar.
     */
    List<Result> run(
            List<Path> files,
            Path transcript,
            Options options,
            List<Path> outDirs,
            List<ProgressBar> progress)
            throws Exception {
        Path workDir = Files.createTempDirectory("clipstream-");
        try (LocalStack stack = LocalStack.start(workDir.resolve("s3"), parallelism)) {
            Configuration conf = stack.flinkConfig();
            conf.set(CommonOptions.PARALLELISM, parallelism);
            conf.set(IngestJobOptions.SEGMENT_TARGET, Duration.ofSeconds(60));
            overrides.forEach(conf::setString);
            LocalStack.sizeNetworkMemory(conf, parallelism);
            if (callback != null && callback.secret() != null) {
                Map<String, String> secrets =
                        new java.util.HashMap<>(conf.get(NotifyJobOptions.SECRETS));
                secrets.put(tenant, callback.secret());
                conf.set(NotifyJobOptions.SECRETS, secrets);
            }
            StreamExecutionEnvironment env =
                    StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf);
            env.enableCheckpointing(1000, CheckpointingMode.EXACTLY_ONCE);
            Pipeline.build(env, conf, callback != null);
            JobClient job = env.executeAsync("clipstream-local");
            try {
                List<String> videoIds = new ArrayList<>();
                try (UploadSubmitter submitter = new UploadSubmitter(stack.bootstrapServers())) {
                    for (Path file : files) {
                        String videoId =
                                "v"
                                        + UUID.randomUUID()
                                                .toString()
                                                .replace("-", "")
                                                .substring(0, 12);
                        submitter.submit(upload(conf, file, transcript, options, videoId));
                        videoIds.add(videoId);
                    }
                }
                List<Result> results = new ArrayList<>();
                long deadline = System.nanoTime() + timeout.toNanos();
                for (int i = 0; i < files.size(); i++) {
                    String videoId = videoIds.get(i);
                    VideoWatcher.Outcome outcome;
                    String webhook = null;
                    try (VideoWatcher watcher =
                            new VideoWatcher(stack.bootstrapServers(), videoId)) {
                        Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
                        ProgressBar bar = progress.get(i);
                        boolean last = i == files.size() - 1;
                        outcome =
                                watcher.await(
                                        left,
                                        status -> {
                                            bar.update(status);
                                            if (last && analysisEnded(status)) {
                                                // the files before it are done: no segment is
                                                // left, and the renders can use the memory
                                                SegmentAnalyzer.releaseIdleSpeechEngines();
                                            }
                                        });
                        bar.finish();
                        if (callback != null) {
                            webhook = awaitWebhook(watcher, conf);
                        }
                    }
                    Path outDir = outDirs.get(i);
                    if (outcome.succeeded()) {
                        Files.createDirectories(outDir);
                        ScoredArchive.write(
                                ScoredArchive.read(stack.bootstrapServers(), videoId),
                                outDir.resolve(ScoredArchive.FILE_NAME));
                    }
                    List<LocalClip> clips =
                            outcome.succeeded() ? copyOut(outcome.clips(), outDir) : List.of();
                    Path report =
                            outcome.succeeded()
                                    ? LocalReport.write(
                                            conf,
                                            tenant,
                                            videoId,
                                            files.get(i),
                                            outcome.clips(),
                                            clips,
                                            outDir)
                                    : null;
                    results.add(new Result(videoId, outcome, clips, report, webhook));
                }
                return results;
            } finally {
                job.cancel().get();
            }
        } finally {
            deleteTree(workDir);
        }
    }

    private static boolean analysisEnded(JobStatus status) {
        return status.getStage() == Stage.ANALYSIS
                && (status.getState() == State.SUCCEEDED || status.getState() == State.FAILED);
    }

    /** Waits as long as the delivery can take, retries included, for the last webhook's report. */
    private static String awaitWebhook(VideoWatcher watcher, Configuration conf) throws Exception {
        Duration patience =
                NotifyJob.settings(conf).policy().worstCase().plus(Duration.ofSeconds(30));
        io.clipstream.schemas.JobStatus end = watcher.awaitWebhook(patience);
        return end == null
                ? "no webhook report within " + patience.toSeconds() + " s"
                : end.getMessage();
    }

    private UploadRequested upload(
            Configuration conf, Path file, Path transcript, Options options, String videoId)
            throws Exception {
        String uri = CommonOptions.tenantPaths(conf).uploadUri(tenant, videoId, safeName(file));
        ObjectStore.upload(file, uri);
        Options own = Options.newBuilder(options).build();
        if (transcript != null) {
            String transcriptUri =
                    CommonOptions.tenantPaths(conf)
                            .uploadUri(tenant, videoId, safeName(transcript));
            ObjectStore.upload(transcript, transcriptUri);
            own.setTranscriptUri(transcriptUri);
        }
        if (own.getBrandKit() != null) {
            // the kit's local font and logo go into the tenant's prefix beside the video
            io.clipstream.schemas.BrandKit kit =
                    io.clipstream.schemas.BrandKit.newBuilder(own.getBrandKit()).build();
            if (kit.getFontUri() != null && !kit.getFontUri().contains("://")) {
                Path font = Path.of(kit.getFontUri());
                String fontUri =
                        CommonOptions.tenantPaths(conf)
                                .uploadUri(tenant, videoId, "brand-" + safeName(font));
                ObjectStore.upload(font, fontUri);
                kit.setFontUri(fontUri);
            }
            if (kit.getLogoUri() != null && !kit.getLogoUri().contains("://")) {
                Path logo = Path.of(kit.getLogoUri());
                String logoUri =
                        CommonOptions.tenantPaths(conf)
                                .uploadUri(tenant, videoId, "brand-" + safeName(logo));
                ObjectStore.upload(logo, logoUri);
                kit.setLogoUri(logoUri);
            }
            own.setBrandKit(kit);
        }
        return UploadRequested.newBuilder()
                .setVideoId(videoId)
                .setTenantId(tenant)
                .setSourceUri(uri)
                .setOptions(own)
                .setCallbackUrl(callback == null ? null : callback.url())
                .setRequestedAt(Instant.now())
                .build();
    }

    private static List<LocalClip> copyOut(List<ClipRendered> clips, Path outDir) throws Exception {
        Files.createDirectories(outDir);
        List<LocalClip> local = new ArrayList<>();
        for (ClipRendered clip : clips) {
            String stem = String.format("clip-%02d", clip.getRank());
            local.add(
                    localClip(
                            clip,
                            (uri, name) -> {
                                Path target = outDir.resolve(stem + name);
                                ObjectStore.download(uri, target);
                                return target.toAbsolutePath();
                            }));
        }
        return local;
    }

    /** Where one file of a clip ends up locally: copied out, or read in place. */
    @FunctionalInterface
    interface Placement {
        /**
         * @param name the file's name after the clip's stem: {@code -9x16.mp4}, {@code .srt}
         */
        Path place(String uri, String name) throws Exception;
    }

    /** A clip whose files are already local ({@code file://} storage): read in place. */
    static LocalClip inPlace(ClipRendered clip) throws Exception {
        return localClip(clip, (uri, name) -> ObjectStore.localPath(uri).toAbsolutePath());
    }

    static LocalClip localClip(ClipRendered clip, Placement placement) throws Exception {
        List<LocalOutput> outputs = new ArrayList<>();
        for (RenderedOutput output : clip.getOutputs()) {
            String aspect = output.getAspect().replace(':', 'x');
            Path target = placement.place(output.getUri(), "-" + aspect + ".mp4");
            Path thumb = null;
            if (output.getThumbnailUri() != null) {
                thumb = placement.place(output.getThumbnailUri(), "-" + aspect + ".jpg");
            }
            outputs.add(
                    new LocalOutput(
                            output.getAspect(),
                            target,
                            output.getWidth(),
                            output.getHeight(),
                            thumb,
                            output.getLoudnessLufs(),
                            output.getShots() == null ? List.of() : output.getShots()));
        }
        Path srt = clip.getSrtUri() == null ? null : placement.place(clip.getSrtUri(), ".srt");
        Path vtt = clip.getVttUri() == null ? null : placement.place(clip.getVttUri(), ".vtt");
        long durationUs =
                clip.getDurationUs() > 0
                        ? clip.getDurationUs()
                        : clip.getEndUs() - clip.getStartUs();
        return new LocalClip(
                clip.getRank(),
                clip.getStartUs() / 1e6,
                clip.getEndUs() / 1e6,
                durationUs / 1e6,
                clip.getScore(),
                clip.getTitle(),
                outputs,
                srt,
                vtt,
                clip.getWarnings() == null ? List.of() : clip.getWarnings());
    }

    static String safeName(Path file) {
        String name = file.getFileName().toString().replaceAll("[^A-Za-z0-9._-]", "_");
        return name.isEmpty() || name.startsWith(".") ? "upload" + name : name;
    }

    static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (Exception e) {
            LOG.debug("Could not delete {}", dir, e);
        }
    }
}
