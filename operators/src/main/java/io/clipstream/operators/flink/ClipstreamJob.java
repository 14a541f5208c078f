package io.clipstream.operators.flink;

import io.clipstream.operators.config.CommonOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * A clipstream job: it adds its operators to an environment. The jobs share how they are launched
 * from the command line and how their sources assign event time.
 */
public interface ClipstreamJob {
    void build(StreamExecutionEnvironment env);

    /** When a record was requested; serializable because it travels with the job graph. */
    @FunctionalInterface
    interface RequestTime<T> extends java.io.Serializable {
        Instant of(T record);
    }

    /**
     * Event time from a record's request time, 30 s out of order allowed, idle partitions not
     * holding the watermark back.
     */
    static <T> WatermarkStrategy<T> requestTimeWatermarks(RequestTime<T> requestedAt) {
        SerializableTimestampAssigner<T> assigner =
                (record, ts) -> requestedAt.of(record).toEpochMilli();
        return WatermarkStrategy.<T>forBoundedOutOfOrderness(Duration.ofSeconds(30))
                .withTimestampAssigner(assigner)
                .withIdleness(Duration.ofMinutes(1));
    }

    /**
     * Entry point body of every job's {@code main}: configuration from {@code --key value}
     * arguments.
     */
    static void run(
            String[] args, String name, Function<Configuration, ? extends ClipstreamJob> factory)
            throws Exception {
        Configuration conf = CommonOptions.fromArgs(args);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.enableCheckpointing(
                conf.get(CommonOptions.CHECKPOINT_INTERVAL).toMillis(),
                CheckpointingMode.EXACTLY_ONCE);
        factory.apply(conf).build(env);
        env.execute(name);
    }
}
