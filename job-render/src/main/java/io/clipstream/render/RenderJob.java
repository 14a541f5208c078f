package io.clipstream.render;

import io.clipstream.operators.config.CommonOptions;
import io.clipstream.operators.flink.ClipstreamJob;
import io.clipstream.operators.flink.DeadLetterMetrics;
import io.clipstream.operators.flink.Outputs;
import io.clipstream.operators.flink.RenderCompletionFunction;
import io.clipstream.operators.flink.RenderFunction;
import io.clipstream.operators.kafka.AvroKafka;
import io.clipstream.operators.render.ClipRenderer;
import io.clipstream.operators.storage.TenantPaths;
import io.clipstream.schemas.ClipPlan;
import io.clipstream.schemas.ClipRendered;
import io.clipstream.schemas.DeadLetter;
import io.clipstream.schemas.JobStatus;
import io.clipstream.schemas.Topics;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** The render job: each clip plan is rendered in parallel and written to object storage. */
public final class RenderJob implements ClipstreamJob {
    private final Source<ClipPlan, ?, ?> plans;
    private final Sink<ClipRendered> clips;
    private final Sink<JobStatus> statuses;
    private final Sink<DeadLetter> deadLetters;
    private final ClipRenderer.Settings settings;
    private final TenantPaths paths;
    private final int parallelism;

    public RenderJob(
            Source<ClipPlan, ?, ?> plans,
            Sink<ClipRendered> clips,
            Sink<JobStatus> statuses,
            Sink<DeadLetter> deadLetters,
            ClipRenderer.Settings settings,
            TenantPaths paths,
            int parallelism) {
        this.plans = plans;
        this.clips = clips;
        this.statuses = statuses;
        this.deadLetters = deadLetters;
        this.settings = settings;
        this.paths = paths;
        this.parallelism = parallelism;
    }

    public static ClipRenderer.Settings settings(Configuration conf) {
        return new ClipRenderer.Settings(
                conf.get(RenderJobOptions.VIDEO_ENCODER),
                conf.get(RenderJobOptions.VIDEO_BITRATE),
                conf.get(RenderJobOptions.AUDIO_BITRATE),
                "",
                conf.get(RenderJobOptions.LOUDNESS_TARGET),
                conf.get(RenderJobOptions.TRUE_PEAK));
    }

    @Override
    public void build(StreamExecutionEnvironment env) {
        WatermarkStrategy<ClipPlan> watermarks =
                ClipstreamJob.requestTimeWatermarks(ClipPlan::getRequestedAt);
        SingleOutputStreamOperator<ClipRendered> rendered =
                RenderFunction.apply(
                        env.fromSource(plans, watermarks, "clip-plans")
                                .uid("render-plans-source")
                                .rebalance(),
                        settings,
                        paths,
                        parallelism,
                        "render-clip");
        rendered.sinkTo(clips).name("clips").uid("render-clips-sink");
        rendered.getSideOutput(Outputs.DEAD_LETTERS)
                .map(new DeadLetterMetrics())
                .name("count dead letters")
                .uid("render-dead-letter-metrics")
                .sinkTo(deadLetters)
                .name("dead-letters")
                .uid("render-dead-letters-sink");
        rendered.keyBy(ClipRendered::getVideoId)
                .process(new RenderCompletionFunction(3_600_000, paths))
                .name("render progress")
                .uid("render-progress")
                .union(rendered.getSideOutput(Outputs.STATUS))
                .sinkTo(statuses)
                .name("job-status")
                .uid("render-status-sink");
    }

    /** The job reading and writing clipstream's Kafka topics as configured. */
    public static RenderJob fromConfig(Configuration conf) {
        return new RenderJob(
                AvroKafka.source(
                        conf,
                        Topics.CLIP_PLANS,
                        conf.get(RenderJobOptions.GROUP_ID),
                        ClipPlan.class),
                AvroKafka.sink(conf, "render", Topics.CLIPS, ClipRendered.class),
                AvroKafka.statusSink(conf, "render"),
                AvroKafka.deadLetterSink(conf, "render"),
                settings(conf),
                CommonOptions.tenantPaths(conf),
                conf.get(CommonOptions.PARALLELISM));
    }

    public static void main(String[] args) throws Exception {
        ClipstreamJob.run(args, "clipstream-render", RenderJob::fromConfig);
    }
}
