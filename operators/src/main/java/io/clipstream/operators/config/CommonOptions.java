package io.clipstream.operators.config;

import io.clipstream.operators.storage.TenantPaths;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;

/** Configuration every clipstream job reads: where Kafka and the object store are. */
public final class CommonOptions {
    public static final ConfigOption<String> KAFKA_BOOTSTRAP_SERVERS =
            ConfigOptions.key("clipstream.kafka.bootstrap-servers")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("Kafka bootstrap servers.");
    public static final ConfigOption<Map<String, String>> KAFKA_PROPERTIES =
            ConfigOptions.key("clipstream.kafka.properties")
                    .mapType()
                    .defaultValue(Map.of())
                    .withDescription("Extra Kafka client properties (security, timeouts).");
    public static final ConfigOption<String> UPLOADS_ROOT =
            ConfigOptions.key("clipstream.storage.uploads-root")
                    .stringType()
                    .defaultValue("s3://clipstream/uploads/")
                    .withDescription(
                            "Uploads live under {root}{tenantId}/; a sourceUri elsewhere is rejected.");
    public static final ConfigOption<String> WORK_ROOT =
            ConfigOptions.key("clipstream.storage.work-root")
                    .stringType()
                    .defaultValue("s3://clipstream/work/")
                    .withDescription("Intermediate artifacts (the 16 kHz audio).");
    public static final ConfigOption<String> CLIPS_ROOT =
            ConfigOptions.key("clipstream.storage.clips-root")
                    .stringType()
                    .defaultValue("s3://clipstream/clips/")
                    .withDescription(
                            "Rendered clips: {root}{tenant}/{videoId}/{clipId}/{aspect}.mp4.");
    public static final ConfigOption<Duration> CHECKPOINT_INTERVAL =
            ConfigOptions.key("clipstream.checkpoint-interval")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(10))
                    .withDescription(
                            "Checkpoint interval; Kafka outputs become visible when a checkpoint completes.");
    public static final ConfigOption<Integer> PARALLELISM =
            ConfigOptions.key("clipstream.parallelism")
                    .intType()
                    .defaultValue(2)
                    .withDescription("Parallelism of the per-segment and per-clip work.");

    private CommonOptions() {}

    public static TenantPaths tenantPaths(Configuration conf) {
        return new TenantPaths(conf.get(UPLOADS_ROOT), conf.get(WORK_ROOT), conf.get(CLIPS_ROOT));
    }

    public static Properties kafkaProperties(Configuration conf) {
        Properties props = new Properties();
        props.putAll(conf.get(KAFKA_PROPERTIES));
        return props;
    }

    public static String bootstrap(Configuration conf) {
        return conf.getOptional(KAFKA_BOOTSTRAP_SERVERS)
                .orElseThrow(
                        () ->
                                new IllegalArgumentException(
                                        KAFKA_BOOTSTRAP_SERVERS.key() + " is required"));
    }

    /** Parses {@code --key value} and {@code --key=value} arguments into a configuration. */
    public static Configuration fromArgs(String[] args) {
        Map<String, String> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException(
                        "Unexpected argument " + a + "; use --key value");
            }
            int eq = a.indexOf('=');
            if (eq > 0) {
                map.put(a.substring(2, eq), a.substring(eq + 1));
            } else if (i + 1 < args.length) {
                map.put(a.substring(2), args[++i]);
            } else {
                throw new IllegalArgumentException("Missing value for " + a);
            }
        }
        return Configuration.fromMap(map);
    }
}
