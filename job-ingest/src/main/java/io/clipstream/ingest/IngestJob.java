package io.clipstream.ingest;

import io.clipstream.operators.config.CommonOptions;
import io.clipstream.operators.flink.ClipstreamJob;
import io.clipstream.operators.flink.DeadLetterMetrics;
import io.clipstream.operators.flink.DecodeUploads;
import io.clipstream.operators.flink.IngestFunction;
import io.clipstream.operators.flink.IngestSettings;
import io.clipstream.operators.flink.Outputs;
import io.clipstream.operators.kafka.AvroKafka;
import io.clipstream.operators.kafka.UploadMessage;
import io.clipstream.operators.media.MediaLimits;
import io.clipstream.schemas.DeadLetter;
import io.clipstream.schemas.JobStatus;
import io.clipstream.schemas.SegmentTask;
import io.clipstream.schemas.Topics;
import io.clipstream.schemas.UploadRequested;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The ingest job: uploads in, one {@link SegmentTask} per keyframe-aligned segment out, with
 * progress on job-status and rejected uploads on dead-letters.
 */
public final class IngestJob implements ClipstreamJob {
    private final Source<UploadMessage, ?, ?> uploads;
    private final Sink<SegmentTask> segments;
    private final Sink<JobStatus> statuses;
    private final Sink<DeadLetter> deadLetters;
    private final IngestSettings settings;

    /**
     * @param uploads the uploads topic's records undecoded: a malformed one becomes a dead letter
     */
    public IngestJob(
            Source<UploadMessage, ?, ?> uploads,
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
                conf.get(IngestJobOptions.SEGMENT_TARGET).toNanos() / 1000,
                conf.get(IngestJobOptions.MODEL_CONTEXT));
    }

    /** Adds the job's operators to the environment. */
    @Override
    public void build(StreamExecutionEnvironment env) {
        SingleOutputStreamOperator<UploadRequested> decoded =
                env.fromSource(uploads, WatermarkStrategy.noWatermarks(), "uploads")
                        .uid("ingest-uploads-source")
                        .process(new DecodeUploads())
                        .name("decode uploads")
                        .uid("ingest-decode");
        WatermarkStrategy<UploadRequested> watermarks =
                ClipstreamJob.requestTimeWatermarks(UploadRequested::getRequestedAt);
        SingleOutputStreamOperator<SegmentTask> tasks =
                decoded.assignTimestampsAndWatermarks(watermarks)
                        .name("request time")
                        .rebalance()
                        .process(new IngestFunction(settings))
                        .name("probe, extract audio, plan segments")
                        .uid("ingest-probe");
        tasks.sinkTo(segments).name("segments").uid("ingest-segments-sink");
        tasks.getSideOutput(Outputs.STATUS)
                .union(decoded.getSideOutput(Outputs.STATUS))
                .sinkTo(statuses)
                .name("job-status")
                .uid("ingest-status-sink");
        tasks.getSideOutput(Outputs.DEAD_LETTERS)
                .union(decoded.getSideOutput(Outputs.DEAD_LETTERS))
                .map(new DeadLetterMetrics())
                .name("count dead letters")
                .uid("ingest-dead-letter-metrics")
                .sinkTo(deadLetters)
                .name("dead-letters")
                .uid("ingest-dead-letters-sink");
    }

    /** The job reading and writing clipstream's Kafka topics as configured. */
    public static IngestJob fromConfig(Configuration conf) {
        return new IngestJob(
                AvroKafka.uploadsSource(conf, Topics.UPLOADS, conf.get(IngestJobOptions.GROUP_ID)),
                AvroKafka.sink(conf, "ingest", Topics.SEGMENTS, SegmentTask.class),
                AvroKafka.statusSink(conf, "ingest"),
                AvroKafka.deadLetterSink(conf, "ingest"),
                settings(conf));
    }

    public static void main(String[] args) throws Exception {
        ClipstreamJob.run(args, "clipstream-ingest", IngestJob::fromConfig);
    }
}
