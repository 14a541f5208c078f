package io.clipstream.ingest;

import io.clipstream.operators.config.CommonOptions;
import io.clipstream.operators.flink.IngestFunction;
import io.clipstream.operators.flink.IngestSettings;
import io.clipstream.operators.flink.Outputs;
import io.clipstream.operators.kafka.AvroKafka;
import io.clipstream.operators.media.MediaLimits;
import io.clipstream.schemas.DeadLetter;
import io.clipstream.schemas.JobStatus;
import io.clipstream.schemas.SegmentTask;
import io.clipstream.schemas.Topics;
import io.clipstream.schemas.UploadRequested;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The ingest job: uploads in, one {@link SegmentTask} per keyframe-aligned segment out, with
 * progress on job-status and rejected uploads on dead-letters.
 */
public final class IngestJob {
    private final Source<UploadRequested, ?, ?> uploads;
    private final Sink<SegmentTask> segments;
    private final Sink<JobStatus> statuses;
    private final Sink<DeadLetter> deadLetters;
    private final IngestSettings settings;

    public IngestJob(
            Source<UploadRequested, ?, ?> uploads,
            Sink<SegmentTask> segments,
            Sink<JobStatus> statuses,
            Sink<DeadLetter> deadLetters,
            IngestSettings settings) {
        this.uploads = uploads;
        this.segments = segments;
        this.statuses = statuses;
        this.deadLetters = deadLetters;
        this.settings = settings;
    }

    public static IngestSettings settings(Configuration conf) {
        MediaLimits limits =
                new MediaLimits(
                        conf.get(IngestJobOptions.MAX_DURATION).toNanos() / 1000,
                        conf.get(IngestJobOptions.MAX_SIZE).getBytes(),
                        conf.get(IngestJobOptions.MAX_PIXELS));
        return new IngestSettings(
                CommonOptions.tenantPaths(conf),
                limits,
                conf.get(IngestJobOptions.SEGMENT_TARGET).toNanos() / 1000);
    }

    /** Adds the job's operators to the environment. */
    public void build(StreamExecutionEnvironment env) {
        WatermarkStrategy<UploadRequested> watermarks =
                WatermarkStrategy.<UploadRequested>forBoundedOutOfOrderness(Duration.ofSeconds(30))
                        .withTimestampAssigner((u, ts) -> u.getRequestedAt().toEpochMilli())
                        .withIdleness(Duration.ofMinutes(1));
        SingleOutputStreamOperator<SegmentTask> tasks =
                env.fromSource(uploads, watermarks, "uploads")
                        .uid("ingest-uploads-source")
                        .rebalance()
                        .process(new IngestFunction(settings))
                        .name("probe, extract audio, plan segments")
                        .uid("ingest-probe");
        tasks.sinkTo(segments).name("segments").uid("ingest-segments-sink");
        tasks.getSideOutput(Outputs.STATUS)
                .sinkTo(statuses)
                .name("job-status")
                .uid("ingest-status-sink");
        tasks.getSideOutput(Outputs.DEAD_LETTERS)
                .sinkTo(deadLetters)
                .name("dead-letters")
                .uid("ingest-dead-letters-sink");
    }

    /** The job reading and writing clipstream's Kafka topics as configured. */
    public static IngestJob fromConfig(Configuration conf) {
        String bootstrap = CommonOptions.bootstrap(conf);
        var kafka = CommonOptions.kafkaProperties(conf);
        return new IngestJob(
                AvroKafka.source(
                        bootstrap,
                        Topics.UPLOADS,
                        conf.get(IngestJobOptions.GROUP_ID),
                        UploadRequested.class,
                        kafka),
                AvroKafka.sink(
                        bootstrap,
                        Topics.SEGMENTS,
                        SegmentTask.class,
                        "clipstream-ingest-segments",
                        kafka),
                AvroKafka.sink(
                        bootstrap,
                        Topics.JOB_STATUS,
                        JobStatus.class,
                        "clipstream-ingest-status",
                        kafka),
                AvroKafka.sink(
                        bootstrap,
                        Topics.DEAD_LETTERS,
                        DeadLetter.class,
                        "clipstream-ingest-dead",
                        kafka),
                settings(conf));
    }

    public static void main(String[] args) throws Exception {
        Configuration conf = CommonOptions.fromArgs(args);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.enableCheckpointing(
                conf.get(CommonOptions.CHECKPOINT_INTERVAL).toMillis(),
                CheckpointingMode.EXACTLY_ONCE);
        fromConfig(conf).build(env);
        env.execute("clipstream-ingest");
    }
}
