package io.clipstream.cli;

import io.clipstream.embedded.EmbeddedKafka;
import io.clipstream.embedded.EmbeddedS3;
import io.clipstream.operators.config.CommonOptions;
import io.clipstream.schemas.Topics;
import java.nio.file.Path;
import org.apache.flink.configuration.Configuration;
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

    @Override
    public void close() {
        kafka.close();
        s3.close();
    }
}
