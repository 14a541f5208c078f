package io.clipstream.notify;

import io.clipstream.operators.config.CommonOptions;
import io.clipstream.operators.flink.ClipstreamJob;
import io.clipstream.operators.flink.DeadLetterMetrics;
import io.clipstream.operators.flink.Outputs;
import io.clipstream.operators.kafka.AvroKafka;
import io.clipstream.operators.webhooks.NotifySignal;
import io.clipstream.operators.webhooks.WebhookDelivery;
import io.clipstream.operators.webhooks.WebhookEventFunction;
import io.clipstream.operators.webhooks.WebhookOutcomeFunction;
import io.clipstream.operators.webhooks.WebhookRequest;
import io.clipstream.operators.webhooks.WebhookResult;
import io.clipstream.operators.webhooks.WebhookSecrets;
import io.clipstream.operators.webhooks.WebhookSender;
import io.clipstream.schemas.ClipRendered;
import io.clipstream.schemas.DeadLetter;
import io.clipstream.schemas.JobStatus;
import io.clipstream.schemas.Topics;
import io.clipstream.schemas.UploadRequested;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The notify job: follows every video with a callback URL through uploads, job-status, clips and
 * dead-letters, and posts signed webhooks to the customer. It runs apart from the clipping jobs, so
 * a slow or failing receiver can delay only webhooks, never clips. Each delivery is reported on
 * job-status (stage NOTIFY); one that fails for good becomes a dead letter.
 */
public final class NotifyJob implements ClipstreamJob {
    /**
     * What the job needs besides its sources and sinks.
     *
     * @param secretsFile read by each task manager, so its secrets stay out of the job graph
     */
    public record Settings(
            WebhookDelivery.Policy policy,
            Map<String, String> inlineSecrets,
            String secretsFile,
            int capacity,
            int threads,
            long retentionMs)
            implements java.io.Serializable {
        @Override
        public String toString() {
            return "NotifyJob.Settings["
                    + policy
                    + ", secrets of "
                    + inlineSecrets.keySet()
                    + " (values hidden), secrets file "
                    + secretsFile
                    + "]";
        }
    }

    private final Source<UploadRequested, ?, ?> uploads;
    private final Source<JobStatus, ?, ?> statusesIn;
    private final Source<ClipRendered, ?, ?> clips;
    private final Source<DeadLetter, ?, ?> deadLettersIn;
    private final Sink<JobStatus> statuses;
    private final Sink<DeadLetter> deadLetters;
    private final Settings settings;
    private final int parallelism;

    public NotifyJob(
            Source<UploadRequested, ?, ?> uploads,
            Source<JobStatus, ?, ?> statusesIn,
            Source<ClipRendered, ?, ?> clips,
            Source<DeadLetter, ?, ?> deadLettersIn,
            Sink<JobStatus> statuses,
            Sink<DeadLetter> deadLetters,
            Settings settings,
            int parallelism) {
        this.uploads = uploads;
        this.statusesIn = statusesIn;
        this.clips = clips;
        this.deadLettersIn = deadLettersIn;
        this.statuses = statuses;
        this.deadLetters = deadLetters;
        this.settings = settings;
        this.parallelism = parallelism;
    }

    /** The settings the configuration gives. */
    public static Settings settings(Configuration conf) {
        Map<String, String> inline = new java.util.TreeMap<>(conf.get(NotifyJobOptions.SECRETS));
        WebhookSecrets.of(inline); // an empty secret is refused here, before the job starts
        return new Settings(
                new WebhookDelivery.Policy(
                        conf.get(NotifyJobOptions.MAX_ATTEMPTS),
                        conf.get(NotifyJobOptions.INITIAL_BACKOFF),
                        conf.get(NotifyJobOptions.MAX_BACKOFF),
                        conf.get(NotifyJobOptions.REQUEST_TIMEOUT),
                        conf.get(NotifyJobOptions.ALLOW_PRIVATE_NETWORKS)),
                inline,
                conf.get(NotifyJobOptions.SECRETS_FILE),
                conf.get(NotifyJobOptions.CAPACITY),
                conf.get(NotifyJobOptions.THREADS),
                conf.get(NotifyJobOptions.STATE_RETENTION).toMillis());
    }

    @Override
    public void build(StreamExecutionEnvironment env) {
        WatermarkStrategy<UploadRequested> none = WatermarkStrategy.noWatermarks();
        DataStream<NotifySignal> signals =
                env.fromSource(uploads, none, "notify-uploads")
                        .uid("notify-uploads-source")
                        .map(NotifySignal::of)
                        .name("upload signal")
                        .union(
                                env.fromSource(
                                                statusesIn,
                                                WatermarkStrategy.<JobStatus>noWatermarks(),
                                                "notify-job-status")
                                        .uid("notify-status-source")
                                        .map(NotifySignal::of)
                                        .name("status signal"),
                                env.fromSource(
                                                clips,
                                                WatermarkStrategy.<ClipRendered>noWatermarks(),
                                                "notify-clips")
                                        .uid("notify-clips-source")
                                        .map(NotifySignal::of)
                                        .name("clip signal"),
                                env.fromSource(
                                                deadLettersIn,
                                                WatermarkStrategy.<DeadLetter>noWatermarks(),
                                                "notify-dead-letters")
                                        .uid("notify-dead-letters-source")
                                        .map(NotifySignal::of)
                                        .name("dead-letter signal"));
        DataStream<WebhookRequest> requests =
                signals.keyBy(signal -> signal.videoId)
                        .process(new WebhookEventFunction(settings.retentionMs()))
                        .name("decide webhooks")
                        .uid("notify-decide")
                        .setParallelism(parallelism);
        long timeoutMs = settings.policy().worstCase().toMillis() + 30_000;
        DataStream<WebhookResult> results =
                AsyncDataStream.unorderedWait(
                                requests,
                                new WebhookSender(
                                        settings.policy(),
                                        settings.inlineSecrets(),
                                        settings.secretsFile(),
                                        settings.threads()),
                                timeoutMs,
                                TimeUnit.MILLISECONDS,
                                settings.capacity())
                        .name("deliver webhooks")
                        .uid("notify-deliver")
                        .setParallelism(parallelism);
        SingleOutputStreamOperator<JobStatus> reported =
                results.process(new WebhookOutcomeFunction())
                        .name("report deliveries")
                        .uid("notify-report")
                        .setParallelism(parallelism);
        reported.sinkTo(statuses).name("job-status").uid("notify-status-sink");
        reported.getSideOutput(Outputs.DEAD_LETTERS)
                .map(new DeadLetterMetrics())
                .name("count dead letters")
                .uid("notify-dead-letter-metrics")
                .sinkTo(deadLetters)
                .name("dead-letters")
                .uid("notify-dead-letters-sink");
    }

    /** The job reading and writing clipstream's Kafka topics as configured. */
    public static NotifyJob fromConfig(Configuration conf) {
        String group = conf.get(NotifyJobOptions.GROUP_ID);
        return new NotifyJob(
                AvroKafka.source(conf, Topics.UPLOADS, group, UploadRequested.class),
                AvroKafka.source(conf, Topics.JOB_STATUS, group, JobStatus.class),
                AvroKafka.source(conf, Topics.CLIPS, group, ClipRendered.class),
                AvroKafka.source(conf, Topics.DEAD_LETTERS, group, DeadLetter.class),
                AvroKafka.statusSink(conf, "notify"),
                AvroKafka.deadLetterSink(conf, "notify"),
                settings(conf),
                conf.get(CommonOptions.PARALLELISM));
    }

    public static void main(String[] args) throws Exception {
        ClipstreamJob.run(args, "clipstream-notify", NotifyJob::fromConfig);
    }
}
