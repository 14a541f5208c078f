package io.clipstream.reprocess;

import io.clipstream.analysis.AnalysisJob;
import io.clipstream.ingest.IngestJob;
import io.clipstream.operators.batch.ArchiveEvent;
import io.clipstream.operators.batch.ArchiveListing;
import io.clipstream.operators.batch.ArchiveOutputs;
import io.clipstream.operators.batch.ArchivePlanFunction;
import io.clipstream.operators.batch.ArchiveSink;
import io.clipstream.operators.batch.ArchiveSource;
import io.clipstream.operators.batch.CodeVersion;
import io.clipstream.operators.batch.LongestFirst;
import io.clipstream.operators.batch.VideoOutcomeFunction;
import io.clipstream.operators.config.CommonOptions;
import io.clipstream.operators.flink.IngestFunction;
import io.clipstream.operators.flink.IngestSettings;
import io.clipstream.operators.flink.Outputs;
import io.clipstream.operators.flink.RenderCompletionFunction;
import io.clipstream.operators.flink.RenderFunction;
import io.clipstream.operators.flink.SegmentAnalysisFunction;
import io.clipstream.operators.flink.VideoAssemblyFunction;
import io.clipstream.operators.render.ClipRenderer;
import io.clipstream.operators.storage.TenantPaths;
import io.clipstream.render.RenderJob;
import io.clipstream.schemas.ArchiveEntry;
import io.clipstream.schemas.ClipPlan;
import io.clipstream.schemas.ClipRendered;
import io.clipstream.schemas.DeadLetter;
import io.clipstream.schemas.JobStatus;
import io.clipstream.schemas.Options;
import io.clipstream.schemas.SegmentAnalysis;
import io.clipstream.schemas.SegmentTask;
import io.clipstream.schemas.UploadRequested;
import io.clipstream.schemas.VideoOutcome;
import java.io.Serializable;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.functions.Partitioner;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * Batch reprocessing: the streaming jobs' operators (ingest, segment analysis, video assembly and
 * scoring, render) over every video of an archive, in {@link RuntimeExecutionMode#BATCH}, with no
 * Kafka between the stages. A bounded source lists the archive; each video's outcome (talking
 * points, dead letters, summary, done marker) is written together at the end of its work, so a
 * rerun skips what is done and redoes the rest.
 */
public final class ReprocessJob {
    /** Everything the batch job is tuned by. */
    public record Settings(
            IngestSettings ingest,
            AnalysisJob.Settings analysis,
            ClipRenderer.Settings render,
            ArchivePlanFunction.Settings plan,
            TenantPaths paths)
            implements Serializable {}

    private final Source<ArchiveEntry, ?, ?> archive;
    private final Sink<VideoOutcome> outcomes;
    private final Sink<JobStatus> statuses;
    private final Settings settings;

    public ReprocessJob(
            Source<ArchiveEntry, ?, ?> archive,
            Sink<VideoOutcome> outcomes,
            Sink<JobStatus> statuses,
            Settings settings) {
        this.archive = archive;
        this.outcomes = outcomes;
        this.statuses = statuses;
        this.settings = settings;
    }

    /**
     * The settings from configuration: the streaming jobs' keys for the operators, the archive's
     * tenant allowed to read the archive when it is a directory or prefix.
     */
    public static Settings settings(Configuration conf) {
        String source = conf.get(ReprocessJobOptions.SOURCE);
        String tenant = conf.getOptional(ReprocessJobOptions.TENANT).orElse("local");
        TenantPaths paths = CommonOptions.tenantPaths(conf);
        if (source != null && !ArchiveListing.isManifest(source)) {
            paths =
                    paths.withArchive(
                            tenant,
                            ArchiveListing.absolute(new org.apache.flink.core.fs.Path(source)));
        }
        IngestSettings base = IngestJob.settings(conf);
        IngestSettings ingest =
                new IngestSettings(
                        paths, base.limits(), base.segmentTargetUs(), base.modelContext());
        AnalysisJob.Settings a = AnalysisJob.settings(conf);
        AnalysisJob.Settings analysis =
                new AnalysisJob.Settings(
                        a.segment(), a.video(), a.segmentTimeoutMs(), a.parallelism(), paths);
        ClipRenderer.Settings render = RenderJob.settings(conf);
        String code =
                conf.getOptional(ReprocessJobOptions.CODE_VERSION).orElseGet(CodeVersion::current);
        // what the outputs depend on besides the options and the code
        String depends =
                a.segment() + "|" + a.video() + "|" + render + "|" + base.segmentTargetUs();
        ArchiveOutputs outputs =
                new ArchiveOutputs(conf.get(ReprocessJobOptions.OUTPUT_ROOT), paths);
        return new Settings(
                ingest,
                analysis,
                render,
                new ArchivePlanFunction.Settings(
                        outputs, depends, code, conf.get(ReprocessJobOptions.FORCE)),
                paths);
    }

    /** The archive's listing for a run of these settings. */
    public static ArchiveListing.Settings listing(Configuration conf, Options defaults) {
        String out = conf.get(ReprocessJobOptions.OUTPUT_ROOT);
        return new ArchiveListing.Settings(
                conf.get(ReprocessJobOptions.SOURCE),
                conf.getOptional(ReprocessJobOptions.TENANT).orElse(null),
                defaults,
                out == null
                        ? null
                        : ArchiveListing.absolute(new org.apache.flink.core.fs.Path(out)));
    }

    /**
     * Adds the job's operators to the environment, switched to BATCH mode; returns the videos'
     * outcomes (also written by the outcome sink) for a caller that wants to collect them.
     */
    public DataStream<VideoOutcome> build(StreamExecutionEnvironment env) {
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        int parallelism = settings.analysis().parallelism();
        SingleOutputStreamOperator<UploadRequested> uploads =
                env.fromSource(archive, WatermarkStrategy.noWatermarks(), "archive")
                        .uid("reprocess-archive-source")
                        .process(new ArchivePlanFunction(settings.plan()))
                        .name("plan: skip done videos, clear redone ones")
                        .uid("reprocess-plan");
        SingleOutputStreamOperator<SegmentTask> tasks =
                uploads.rebalance()
                        .process(new IngestFunction(settings.ingest()))
                        .name("probe, extract audio, plan segments")
                        .uid("reprocess-ingest");
        SingleOutputStreamOperator<SegmentAnalysis> analysed =
                longestFirst(
                                tasks,
                                parallelism,
                                t -> t.getEndUs() - t.getStartUs(),
                                SegmentTask.class,
                                "segments")
                        .process(new SegmentAnalysisFunction(settings.analysis().segment()))
                        .name("analyse segment")
                        .uid("reprocess-segment")
                        .setParallelism(parallelism);
        SingleOutputStreamOperator<ClipPlan> plans =
                analysed.keyBy(SegmentAnalysis::getVideoId)
                        .process(
                                new VideoAssemblyFunction(
                                        settings.analysis().video(),
                                        settings.analysis().segmentTimeoutMs(),
                                        settings.paths()))
                        .name("assemble video, score, select clips")
                        .uid("reprocess-assemble");
        SingleOutputStreamOperator<ClipRendered> rendered =
                RenderFunction.apply(
                        longestFirst(
                                plans,
                                parallelism,
                                p ->
                                        (p.getDurationUs() > 0
                                                        ? p.getDurationUs()
                                                        : p.getEndUs() - p.getStartUs())
                                                * Math.max(1, p.getCropPaths().size()),
                                ClipPlan.class,
                                "clips"),
                        settings.render(),
                        settings.paths(),
                        parallelism,
                        "reprocess-render");
        SingleOutputStreamOperator<JobStatus> completed =
                rendered.keyBy(ClipRendered::getVideoId)
                        .process(new RenderCompletionFunction(3_600_000, settings.paths()))
                        .name("render progress, report")
                        .uid("reprocess-render-progress");

        // each stage's statuses go to the status sink chained to that stage, so progress is
        // reported while the stage runs rather than after it
        DataStream<JobStatus> ingestStatus = tasks.getSideOutput(Outputs.STATUS);
        DataStream<JobStatus> analysisStatus = plans.getSideOutput(Outputs.STATUS);
        DataStream<JobStatus> renderStatus = rendered.getSideOutput(Outputs.STATUS);
        DataStream<JobStatus> segmentStatus = analysed.getSideOutput(Outputs.STATUS);
        ingestStatus.sinkTo(statuses).name("status: ingest").uid("reprocess-status-ingest");
        segmentStatus.sinkTo(statuses).name("status: segments").uid("reprocess-status-segments");
        analysisStatus.sinkTo(statuses).name("status: analysis").uid("reprocess-status-analysis");
        renderStatus.sinkTo(statuses).name("status: render").uid("reprocess-status-render");
        completed.sinkTo(statuses).name("status: rendered").uid("reprocess-status-rendered");

        DataStream<DeadLetter> deadLetters =
                tasks.getSideOutput(Outputs.DEAD_LETTERS)
                        .union(
                                plans.getSideOutput(Outputs.DEAD_LETTERS),
                                rendered.getSideOutput(Outputs.DEAD_LETTERS));
        DataStream<ArchiveEvent> events =
                uploads.getSideOutput(ArchivePlanFunction.EVENTS)
                        .union(
                                ingestStatus
                                        .union(analysisStatus, renderStatus, completed)
                                        .map(ArchiveEvent::of)
                                        .returns(ArchiveEvent.class)
                                        .name("status events"),
                                deadLetters
                                        .map(ArchiveEvent::of)
                                        .returns(ArchiveEvent.class)
                                        .name("dead-letter events"),
                                plans.getSideOutput(Outputs.SCORED)
                                        .map(ArchiveEvent::of)
                                        .returns(ArchiveEvent.class)
                                        .name("talking-point events"),
                                rendered.map(ArchiveEvent::of)
                                        .returns(ArchiveEvent.class)
                                        .name("clip events"));
        SingleOutputStreamOperator<VideoOutcome> outcome =
                events.keyBy(e -> e.key)
                        .process(new VideoOutcomeFunction(settings.plan().outputs()))
                        .name("video outcome")
                        .uid("reprocess-outcome");
        outcome.sinkTo(outcomes).name("archive outputs").uid("reprocess-outputs");
        return outcome;
    }

    /**
     * The stage's input shared out among its slots by cost, longest first ({@link LongestFirst}),
     * instead of round-robin: a batch stage lasts as long as its busiest slot.
     */
    private static <T> DataStream<T> longestFirst(
            DataStream<T> in, int slots, LongestFirst.Cost<T> cost, Class<T> type, String what) {
        TypeInformation<T> info = TypeInformation.of(type);
        return in.keyBy(new OneKey<>(), Types.INT)
                .process(new LongestFirst<>(slots, cost, info))
                .returns(Types.TUPLE(Types.INT, info))
                .name("share out " + what + ", longest first")
                .uid("reprocess-share-" + what)
                .setParallelism(1)
                .partitionCustom(new ToSlot(), new SlotOf<>())
                .map(new Item<>())
                .returns(info)
                .name(what)
                .uid("reprocess-" + what + "-in-slot")
                .setParallelism(slots);
    }

    /** Every item under one key, so one function sees a whole stage's input. */
    static final class OneKey<T> implements KeySelector<T, Integer> {
        @Override
        public Integer getKey(T value) {
            return 0;
        }
    }

    static final class ToSlot implements Partitioner<Integer> {
        @Override
        public int partition(Integer slot, int slots) {
            return slot % slots;
        }
    }

    static final class SlotOf<T> implements KeySelector<Tuple2<Integer, T>, Integer> {
        @Override
        public Integer getKey(Tuple2<Integer, T> assigned) {
            return assigned.f0;
        }
    }

    static final class Item<T> implements MapFunction<Tuple2<Integer, T>, T> {
        @Override
        public T map(Tuple2<Integer, T> assigned) {
            return assigned.f1;
        }
    }

    /** The job over the configured archive and storage, statuses left to the metrics and logs. */
    public static ReprocessJob fromConfig(Configuration conf) {
        Settings settings = settings(conf);
        return new ReprocessJob(
                new ArchiveSource(listing(conf, Options.newBuilder().build())),
                new ArchiveSink(settings.plan().outputs()),
                new DiscardingSink<>(),
                settings);
    }

    /**
     * {@code flink run -c io.clipstream.reprocess.ReprocessJob clipstream-job-reprocess.jar
     * --clipstream.reprocess.source s3://... --clipstream.reprocess.output-root s3://...}
     */
    public static void main(String[] args) throws Exception {
        Configuration conf = CommonOptions.fromArgs(args);
        for (var option :
                java.util.List.of(ReprocessJobOptions.SOURCE, ReprocessJobOptions.OUTPUT_ROOT)) {
            if (!conf.contains(option)) {
                throw new IllegalArgumentException("--" + option.key() + " is required");
            }
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        fromConfig(conf).build(env);
        env.execute("clipstream-reprocess");
    }
}
