package io.clipstream.analysis;

import io.clipstream.operators.analysis.SegmentAnalyzer;
import io.clipstream.operators.analysis.VideoAssembler;
import io.clipstream.operators.analysis.faces.FaceSampler;
import io.clipstream.operators.analysis.shots.CombinedShotDetector;
import io.clipstream.operators.analysis.shots.model.TransitionModel;
import io.clipstream.operators.config.CommonOptions;
import io.clipstream.operators.flink.ClipstreamJob;
import io.clipstream.operators.flink.DeadLetterMetrics;
import io.clipstream.operators.flink.Outputs;
import io.clipstream.operators.flink.SegmentAnalysisFunction;
import io.clipstream.operators.flink.VideoAssemblyFunction;
import io.clipstream.operators.kafka.AvroKafka;
import io.clipstream.operators.speech.SpeechSettings;
import io.clipstream.schemas.ClipPlan;
import io.clipstream.schemas.DeadLetter;
import io.clipstream.schemas.JobStatus;
import io.clipstream.schemas.ScoredSegment;
import io.clipstream.schemas.SegmentAnalysis;
import io.clipstream.schemas.SegmentTask;
import io.clipstream.schemas.Topics;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The analysis job: segments are analysed in parallel across all slots, then gathered per video
 * ({@code keyBy(videoId)}) into scored talking points and clip plans.
 */
public final class AnalysisJob implements ClipstreamJob {
    /** Everything the analysis job is tuned by. */
    public record Settings(
            SegmentAnalyzer.Settings segment,
            VideoAssembler.Settings video,
            long segmentTimeoutMs,
            int parallelism,
            io.clipstream.operators.storage.TenantPaths paths)
            implements java.io.Serializable {
        /** Without storage for the report's timeline. */
        public Settings(
                SegmentAnalyzer.Settings segment,
                VideoAssembler.Settings video,
                long segmentTimeoutMs,
                int parallelism) {
            this(segment, video, segmentTimeoutMs, parallelism, null);
        }
    }

    private final Source<SegmentTask, ?, ?> segments;
    private final Sink<ScoredSegment> scored;
    private final Sink<ClipPlan> plans;
    private final Sink<JobStatus> statuses;
    private final Sink<DeadLetter> deadLetters;
    private final Settings settings;

    public AnalysisJob(
            Source<SegmentTask, ?, ?> segments,
            Sink<ScoredSegment> scored,
            Sink<ClipPlan> plans,
            Sink<JobStatus> statuses,
            Sink<DeadLetter> deadLetters,
            Settings settings) {
        this.segments = segments;
        this.scored = scored;
        this.plans = plans;
        this.statuses = statuses;
        this.deadLetters = deadLetters;
        this.settings = settings;
    }

    public static Settings settings(Configuration conf) {
        TransitionModel.Spec model =
                conf.getOptional(AnalysisJobOptions.SHOT_MODEL_DIR)
                        .map(
                                dir ->
                                        new TransitionModel.Spec(
                                                dir,
                                                conf.get(AnalysisJobOptions.SHOT_MODEL_NAME),
                                                conf.get(AnalysisJobOptions.SHOT_MODEL_FILTERS)))
                        .orElse(null);
        var defaults = CombinedShotDetector.Settings.DEFAULT;
        var shots =
                new CombinedShotDetector.Settings(
                        conf.get(AnalysisJobOptions.ADAPTIVE_RATIO),
                        conf.get(AnalysisJobOptions.MIN_CONTENT),
                        defaults.minHistogramChange(),
                        defaults.blackLevel(),
                        defaults.dissolveMinChange(),
                        conf.get(AnalysisJobOptions.MIN_SHOT_FRAMES),
                        conf.get(AnalysisJobOptions.DISSOLVES),
                        model == null ? 0 : conf.get(AnalysisJobOptions.SHOT_MODEL_THRESHOLD));
        return new Settings(
                new SegmentAnalyzer.Settings(
                        conf.get(AnalysisJobOptions.ANALYSIS_WIDTH),
                        conf.get(AnalysisJobOptions.DECODE_THREADS),
                        conf.get(AnalysisJobOptions.FAST_DECODE),
                        model,
                        new SpeechSettings(
                                conf.get(AnalysisJobOptions.SPEECH_ENGINE),
                                conf.getOptional(AnalysisJobOptions.WHISPER_MODEL_DIR).orElse(null),
                                conf.getOptional(AnalysisJobOptions.VOSK_MODEL_DIR).orElse(null),
                                conf.get(AnalysisJobOptions.MIN_PAUSE).toNanos() / 1000,
                                conf.get(AnalysisJobOptions.SPEECH_OVERLAP).toNanos() / 1000),
                        new FaceSampler.Settings(
                                conf.get(AnalysisJobOptions.FACE_DETECTOR),
                                conf.getOptional(AnalysisJobOptions.FACE_MODEL_DIR).orElse(null),
                                conf.get(AnalysisJobOptions.FACE_FRAME_WIDTH),
                                conf.get(AnalysisJobOptions.FACE_SAMPLES_PER_SECOND),
                                conf.get(AnalysisJobOptions.FACE_MIN_SHARE))),
                new VideoAssembler.Settings(
                        shots,
                        conf.get(AnalysisJobOptions.MIN_PAUSE).toNanos() / 1000,
                        conf.get(AnalysisJobOptions.BREAK_PAUSE).toNanos() / 1000,
                        VideoAssembler.Settings.DEFAULT.padBeforeUs(),
                        VideoAssembler.Settings.DEFAULT.padAfterUs(),
                        VideoAssembler.Settings.DEFAULT.framing()),
                conf.get(AnalysisJobOptions.SEGMENT_TIMEOUT).toMillis(),
                conf.get(CommonOptions.PARALLELISM),
                CommonOptions.tenantPaths(conf));
    }

    @Override
    public void build(StreamExecutionEnvironment env) {
        WatermarkStrategy<SegmentTask> watermarks =
                ClipstreamJob.requestTimeWatermarks(SegmentTask::getRequestedAt);
        SingleOutputStreamOperator<SegmentAnalysis> analysed =
                env.fromSource(segments, watermarks, "segments")
                        .uid("analysis-segments-source")
                        .rebalance()
                        .process(new SegmentAnalysisFunction(settings.segment()))
                        .name("analyse segment")
                        .uid("analysis-segment")
                        .setParallelism(settings.parallelism());
        SingleOutputStreamOperator<ClipPlan> planned =
                analysed.keyBy(SegmentAnalysis::getVideoId)
                        .process(
                                new VideoAssemblyFunction(
                                        settings.video(),
                                        settings.segmentTimeoutMs(),
                                        settings.paths()))
                        .name("assemble video, score, select clips")
                        .uid("analysis-assemble");
        planned.sinkTo(plans).name("clip-plans").uid("analysis-plans-sink");
        planned.getSideOutput(Outputs.SCORED)
                .sinkTo(scored)
                .name("scored-segments")
                .uid("analysis-scored-sink");
        planned.getSideOutput(Outputs.STATUS)
                .sinkTo(statuses)
                .name("job-status")
                .uid("analysis-status-sink");
        planned.getSideOutput(Outputs.DEAD_LETTERS)
                .map(new DeadLetterMetrics())
                .name("count dead letters")
                .uid("analysis-dead-letter-metrics")
                .sinkTo(deadLetters)
                .name("dead-letters")
                .uid("analysis-dead-letters-sink");
    }

    /** The job reading and writing clipstream's Kafka topics as configured. */
    public static AnalysisJob fromConfig(Configuration conf) {
        return new AnalysisJob(
                AvroKafka.source(
                        conf,
                        Topics.SEGMENTS,
                        conf.get(AnalysisJobOptions.GROUP_ID),
                        SegmentTask.class),
                AvroKafka.sink(conf, "analysis", Topics.SCORED_SEGMENTS, ScoredSegment.class),
                AvroKafka.sink(conf, "analysis", Topics.CLIP_PLANS, ClipPlan.class),
                AvroKafka.statusSink(conf, "analysis"),
                AvroKafka.deadLetterSink(conf, "analysis"),
                settings(conf));
    }

    public static void main(String[] args) throws Exception {
        ClipstreamJob.run(args, "clipstream-analysis", AnalysisJob::fromConfig);
    }
}
