package io.clipstream.reprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clipstream.ingest.IngestJobOptions;
import io.clipstream.operators.batch.ArchiveOutputs;
import io.clipstream.operators.batch.ArchiveSink;
import io.clipstream.operators.batch.ArchiveSource;
import io.clipstream.operators.config.CommonOptions;
import io.clipstream.operators.testing.CollectingSink;
import io.clipstream.operators.testing.TestVideos;
import io.clipstream.schemas.BatchStatus;
import io.clipstream.schemas.ClipRendered;
import io.clipstream.schemas.DeadLetter;
import io.clipstream.schemas.JobStatus;
import io.clipstream.schemas.Options;
import io.clipstream.schemas.ScoredSegment;
import io.clipstream.schemas.VideoOutcome;
import io.clipstream.schemas.VideoSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The batch job on a MiniCluster in BATCH mode over generated archives: every listed video ends
 * DONE, FAILED with its reason or SKIPPED; reruns skip what is done; a run killed part-way is
 * finished by the next one without redoing the videos it completed.
 */
class ReprocessJobTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    static final Options OPTIONS =
            Options.newBuilder()
                    .setMinClipSeconds(2)
                    .setMaxClipSeconds(6)
                    .setMaxClips(2)
                    .setCaptionStyle("none")
                    .build();

    @Test
    void aDirectoryIsClippedThenSkippedOnRerunAndRedoneWithForce(@TempDir Path dir)
            throws Exception {
        Path archive = dir.resolve("archive");
        Files.createDirectories(archive.resolve("2024"));
        Files.copy(TestVideos.talk(), archive.resolve("episode-1.mp4"));
        Files.copy(TestVideos.talk(), archive.resolve("2024/episode-2.mp4"));
        Files.copy(TestVideos.notAVideo(), archive.resolve("notes.mp4"));
        Files.writeString(archive.resolve("README.txt"), "the show's archive\n");
        Files.copy(TestVideos.talk(), archive.resolve(".partial.mp4"));
        Configuration conf = conf(dir, archive.toUri().toString(), "acme");

        Map<String, VideoSummary> first = bySource(run(conf, null));
        assertThat(first).hasSize(4); // hidden files are not listed
        VideoSummary one = first.get("episode-1.mp4");
        VideoSummary two = first.get("episode-2.mp4");
        assertThat(one.getStatus()).as("%s", one).isEqualTo(BatchStatus.DONE);
        assertThat(two.getStatus()).isEqualTo(BatchStatus.DONE);
        assertThat(one.getVideoId()).startsWith("episode-1-").isNotEqualTo(two.getVideoId());
        assertThat(one.getClips()).isNotEmpty();
        for (ClipRendered clip : one.getClips()) {
            assertThat(Files.size(local(clip.getOutputs().get(0).getUri()))).isPositive();
        }
        assertThat(local(one.getReportUri())).exists();
        assertThat(first.get("notes.mp4").getStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(first.get("notes.mp4").getReasonCode()).isEqualTo("NOT_A_VIDEO");
        assertThat(first.get("README.txt").getStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(first.get("README.txt").getReason()).isNotBlank();

        // the talking points, partitioned by tenant and the source's day, and the dead letters
        List<ScoredSegment> scored = read(local(one.getScoredUri()), ScoredSegment.class);
        assertThat(one.getScoredUri()).contains("/scored/tenantId=acme/dt=");
        assertThat(scored).hasSize(one.getScoredCount()).isNotEmpty();
        assertThat(scored).allMatch(s -> s.getVideoId().equals(one.getVideoId()));
        String notesId = first.get("notes.mp4").getVideoId();
        List<DeadLetter> letters =
                read(
                        dir.resolve("out/dead-letters/tenantId=acme/" + notesId + ".avro"),
                        DeadLetter.class);
        assertThat(letters).singleElement().satisfies(d -> assertThat(d.getMessage()).isNotBlank());
        assertThat(dir.resolve("out/summaries/tenantId=acme/" + notesId + ".json")).exists();
        Path clipFile = local(one.getClips().get(0).getOutputs().get(0).getUri());
        long written = Files.getLastModifiedTime(clipFile).toMillis();

        Map<String, VideoSummary> second = bySource(run(conf, null));
        assertThat(second.get("episode-1.mp4").getStatus()).isEqualTo(BatchStatus.SKIPPED);
        assertThat(second.get("episode-1.mp4").getReasonCode()).isEqualTo("ALREADY_DONE");
        assertThat(second.get("episode-1.mp4").getClips()).hasSameSizeAs(one.getClips());
        assertThat(second.get("episode-2.mp4").getStatus()).isEqualTo(BatchStatus.SKIPPED);
        assertThat(second.get("notes.mp4").getStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(Files.getLastModifiedTime(clipFile).toMillis()).isEqualTo(written);

        conf.set(ReprocessJobOptions.FORCE, true);
        Map<String, VideoSummary> forced = bySource(run(conf, null));
        assertThat(forced.get("episode-1.mp4").getStatus()).isEqualTo(BatchStatus.DONE);
        assertThat(forced.get("episode-2.mp4").getStatus()).isEqualTo(BatchStatus.DONE);
        // rewritten in place: still one talking-point file per video
        try (Stream<Path> files = Files.walk(dir.resolve("out/scored"))) {
            assertThat(files.filter(p -> p.toString().endsWith(".avro"))).hasSize(2);
        }
    }

    @Test
    void aManifestReportsEachBadLineAndRunsTheRest(@TempDir Path dir) throws Exception {
        Path uploads = dir.resolve("uploads");
        Files.createDirectories(uploads.resolve("acme"));
        Files.createDirectories(uploads.resolve("globex"));
        Files.copy(TestVideos.talk(), uploads.resolve("acme/talk.mp4"));
        Files.copy(TestVideos.talk(), uploads.resolve("globex/secret.mp4"));
        Path manifest = uploads.resolve("archive.csv");
        Files.writeString(
                manifest,
                String.join(
                        "\n",
                        "tenantId,uri,options",
                        "acme,acme/talk.mp4,{\"maxClips\": 1}",
                        "acme,acme/./talk.mp4",
                        "acme,globex/secret.mp4",
                        "this line has no comma",
                        "acme,acme/talk.mp4,{\"maxClip\": 1}",
                        "acme,acme/missing.mp4",
                        "globex,globex/secret.mp4",
                        ""));
        Configuration conf = conf(dir, manifest.toUri().toString(), "acme");
        conf.set(CommonOptions.UPLOADS_ROOT, uploads.toUri().toString());

        Map<Integer, VideoSummary> byLine =
                run(conf, null).stream()
                        .map(VideoOutcome::getSummary)
                        .collect(Collectors.toMap(VideoSummary::getLine, Function.identity()));
        assertThat(byLine).containsOnlyKeys(2, 3, 4, 5, 6, 7); // globex's line is not acme's
        assertThat(byLine.get(2).getStatus()).isEqualTo(BatchStatus.DONE);
        assertThat(byLine.get(2).getClips()).hasSize(1);
        assertThat(byLine.get(3).getStatus()).isEqualTo(BatchStatus.SKIPPED);
        assertThat(byLine.get(3).getReasonCode()).isEqualTo("DUPLICATE");
        assertThat(byLine.get(3).getReason()).contains("line 2");
        assertThat(byLine.get(4).getStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(byLine.get(4).getReasonCode()).isEqualTo("OUTSIDE_TENANT_PREFIX");
        assertThat(byLine.get(5).getReasonCode()).isEqualTo("INVALID_LINE");
        assertThat(byLine.get(5).getReason()).startsWith("line 5: expected tenantId,uri");
        assertThat(byLine.get(6).getReasonCode()).isEqualTo("INVALID_LINE");
        assertThat(byLine.get(6).getReason()).contains("unknown option 'maxClip'");
        assertThat(byLine.get(7).getReasonCode()).isEqualTo("OBJECT_NOT_FOUND");
        assertThat(dir.resolve("out/dead-letters/tenantId=_unknown/line-5.avro")).exists();
    }

    @Test
    void aRunKilledPartWayIsFinishedByTheNextWithoutRedoingWhatItCompleted(@TempDir Path dir)
            throws Exception {
        Path archive = dir.resolve("archive");
        Files.createDirectories(archive);
        for (int i = 1; i <= 3; i++) {
            Files.copy(TestVideos.talk(), archive.resolve("show-" + i + ".mp4"));
        }
        Configuration conf = conf(dir, archive.toUri().toString(), "acme");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        assertThatThrownBy(() -> run(conf, FailingAfter.firstWrite()))
                .hasStackTraceContaining("killed after the first video");
        List<Path> markers = markers(dir);
        assertThat(markers).hasSize(1);
        long markedAt = Files.getLastModifiedTime(markers.get(0)).toMillis();

        Map<String, VideoSummary> resumed = bySource(run(conf, null));
        assertThat(resumed.values())
                .extracting(VideoSummary::getStatus)
                .containsExactlyInAnyOrder(BatchStatus.SKIPPED, BatchStatus.DONE, BatchStatus.DONE);
        assertThat(markers(dir)).hasSize(3);
        assertThat(Files.getLastModifiedTime(markers.get(0)).toMillis()).isEqualTo(markedAt);
    }

    @Test
    void anEmptyArchiveRunsAndReportsNothing(@TempDir Path dir) throws Exception {
        Path archive = Files.createDirectories(dir.resolve("empty"));
        assertThat(run(conf(dir, archive.toUri().toString(), "acme"), null)).isEmpty();
    }

    private static List<Path> markers(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir.resolve("clips"))) {
            return files.filter(p -> p.endsWith(ArchiveOutputs.MARKER)).sorted().toList();
        }
    }

    static Configuration conf(Path dir, String source, String tenant) {
        Configuration conf = new Configuration();
        conf.set(CommonOptions.UPLOADS_ROOT, dir.resolve("uploads").toUri().toString());
        conf.set(CommonOptions.WORK_ROOT, dir.resolve("work").toUri().toString());
        conf.set(CommonOptions.CLIPS_ROOT, dir.resolve("clips").toUri().toString());
        conf.set(CommonOptions.PARALLELISM, 2);
        conf.set(IngestJobOptions.SEGMENT_TARGET, Duration.ofSeconds(6));
        conf.set(ReprocessJobOptions.SOURCE, source);
        conf.set(ReprocessJobOptions.OUTPUT_ROOT, dir.resolve("out").toUri().toString());
        conf.set(ReprocessJobOptions.TENANT, tenant);
        return conf;
    }

    /** Runs the job; {@code outputs} replaces the archive sink (null: the real one). */
    static List<VideoOutcome> run(
            Configuration conf, Function<ArchiveSink, Sink<VideoOutcome>> wrap) throws Exception {
        ReprocessJob.Settings settings = ReprocessJob.settings(conf);
        ArchiveSink sink = new ArchiveSink(settings.plan().outputs());
        CollectingSink<VideoOutcome> outcomes = new CollectingSink<>();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        new ReprocessJob(
                        new ArchiveSource(ReprocessJob.listing(conf, OPTIONS)),
                        wrap == null ? sink : wrap.apply(sink),
                        new CollectingSink<JobStatus>(),
                        settings)
                .build(env)
                .sinkTo(outcomes);
        env.execute("reprocess-test");
        return outcomes.received();
    }

    /** The summaries by the source's file name. */
    static Map<String, VideoSummary> bySource(List<VideoOutcome> outcomes) {
        return outcomes.stream()
                .map(VideoOutcome::getSummary)
                .collect(
                        Collectors.toMap(
                                s ->
                                        s.getSourceUri()
                                                .substring(s.getSourceUri().lastIndexOf('/') + 1),
                                Function.identity()));
    }

    static Path local(String uri) {
        return Path.of(java.net.URI.create(uri));
    }

    static <T> List<T> read(Path file, Class<T> type) throws IOException {
        try (DataFileReader<T> reader =
                new DataFileReader<>(file.toFile(), new SpecificDatumReader<>(type))) {
            List<T> out = new java.util.ArrayList<>();
            reader.forEach(out::add);
            return out;
        }
    }

    /** The archive sink, then a crash: a stand-in for a task manager dying after one video. */
    static final class FailingAfter implements Sink<VideoOutcome> {
        private static final long serialVersionUID = 1L;
        private final ArchiveSink inner;

        private FailingAfter(ArchiveSink inner) {
            this.inner = inner;
        }

        static Function<ArchiveSink, Sink<VideoOutcome>> firstWrite() {
            return FailingAfter::new;
        }

        @Override
        public SinkWriter<VideoOutcome> createWriter(WriterInitContext context) throws IOException {
            SinkWriter<VideoOutcome> writer = inner.createWriter(context);
            return new SinkWriter<>() {
                private int written;

                @Override
                public void write(VideoOutcome outcome, Context ctx)
                        throws IOException, InterruptedException {
                    if (written == 1) {
                        throw new IOException("killed after the first video");
                    }
                    writer.write(outcome, ctx);
                    written++;
                }

                @Override
                public void flush(boolean endOfInput) {}

                @Override
                public void close() {}
            };
        }
    }
}
