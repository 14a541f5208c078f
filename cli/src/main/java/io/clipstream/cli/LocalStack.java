package io.clipstream.cli;

import io.clipstream.embedded.EmbeddedKafka;
import io.clipstream.embedded.EmbeddedS3;
import io.clipstream.operators.config.CommonOptions;
import io.clipstream.schemas.Topics;
import java.nio.file.Path;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.fs.FileSystem;

/**
 * The embedded default: an in-JVM Kafka broker, an in-JVM S3-compatible store with one bucket
 * ({@code clipstream}), and the Flink configuration that points the jobs at both.
 */
public final class LocalStack implements AutoCloseable {
    public static final String BUCKET = "clipstream";

    private final EmbeddedKafka kafka;
    private final EmbeddedS3 s3;

    private LocalStack(EmbeddedKafka kafka, EmbeddedS3 s3) {
        this.kafka = kafka;
        this.s3 = s3;
    }

    /** Starts both services; object data lives under {@code storageDir}. */
    public static LocalStack start(Path storageDir, int partitions) {
        EmbeddedS3 s3 = EmbeddedS3.start(storageDir, BUCKET);
        EmbeddedKafka kafka;
        try {
            kafka = EmbeddedKafka.start();
            kafka.createTopics(partitions, Topics.ALL);
        } catch (RuntimeException e) {
            s3.close();
            throw e;
        }
        LocalStack stack = new LocalStack(kafka, s3);
        FileSystem.initialize(stack.flinkConfig(), null);
        return stack;
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    public EmbeddedS3 s3() {
        return s3;
    }

    /** Configuration for the jobs: Kafka, S3 endpoint and keys, storage roots in the bucket. */
    public Configuration flinkConfig() {
        Configuration conf = new Configuration();
        s3.flinkConfig().forEach(conf::setString);
        conf.set(CommonOptions.KAFKA_BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        conf.set(CommonOptions.UPLOADS_ROOT, "s3://" + BUCKET + "/uploads/");
        conf.set(CommonOptions.WORK_ROOT, "s3://" + BUCKET + "/work/");
        conf.set(CommonOptions.CLIPS_ROOT, "s3://" + BUCKET + "/clips/");
        return conf;
    }

    /**
     * Sizes the network memory of a streaming run's local task manager for its parallelism, unless
     * {@code conf} sets it. Flink's local default is 64 MB whatever the parallelism: about five
     * times what 2 slots ask for, and too little for 32, whose tasks then cannot get the buffers
     * they need and the job restarts without end. Each shuffle of {@code p} senders to {@code p}
     * receivers keeps buffers for every pair, so what the pipeline's buffer pools ask for grows
     * with {@code p} squared; measured on its three jobs (Flink's own log of what they requested):
     * 13 MB at parallelism 2, 67 MB at 8, 174 MB at 16, 508 MB at 32, which {@code 10 p^2 + 188 p}
     * buffers of 32 KB fit. This gives {@code 10 p^2 + 192 p} buffers, at least 512 (16 MB), so
     * every pool gets what it asks for; but at most half the JVM's direct memory (by default as
     * large as its heap), which Netty and the Kafka clients share.
     */
    public static void sizeNetworkMemory(Configuration conf, int parallelism) {
        if (conf.contains(TaskManagerOptions.NETWORK_MEMORY_MIN)
                || conf.contains(TaskManagerOptions.NETWORK_MEMORY_MAX)
                || conf.contains(TaskManagerOptions.NETWORK_MEMORY_FRACTION)) {
            return;
        }
        long p = Math.max(1, parallelism);
        long buffers = Math.max(MIN_NETWORK_BUFFERS, 10 * p * p + 192 * p);
        long segment = conf.get(TaskManagerOptions.MEMORY_SEGMENT_SIZE).getBytes();
        long bytes = Math.min(buffers * segment, Runtime.getRuntime().maxMemory() / 2);
        MemorySize size = new MemorySize(bytes / segment * segment);
        conf.set(TaskManagerOptions.NETWORK_MEMORY_MIN, size);
        conf.set(TaskManagerOptions.NETWORK_MEMORY_MAX, size);
    }

    static final int MIN_NETWORK_BUFFERS = 512;

    @Override
    public void close() {
        kafka.close();
        s3.close();
    }
}
