package io.clipstream.notify;

import java.time.Duration;
import java.util.Map;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** Configuration of the notify job (signed webhooks). */
public final class NotifyJobOptions {
    public static final ConfigOption<Map<String, String>> SECRETS =
            ConfigOptions.key("clipstream.webhooks.secrets")
                    .mapType()
                    .defaultValue(Map.of())
                    .withDescription(
                            "Signing secret of each tenant, 'tenant:secret,tenant2:secret2'. Prefer"
                                    + " secrets-file on a cluster. A tenant without a secret gets no"
                                    + " webhooks (each becomes a WEBHOOK_FAILED dead letter).");
    public static final ConfigOption<String> SECRETS_FILE =
            ConfigOptions.key("clipstream.webhooks.secrets-file")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "File of 'tenant=secret' lines (a mounted Kubernetes Secret); its"
                                    + " tenants override those of clipstream.webhooks.secrets.");
    public static final ConfigOption<Boolean> ALLOW_PRIVATE_NETWORKS =
            ConfigOptions.key("clipstream.webhooks.allow-private-networks")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "Deliver to loopback, private, link-local and other internal addresses,"
                                    + " and over plain http. Only for a receiver on your own network.");
    public static final ConfigOption<Integer> MAX_ATTEMPTS =
            ConfigOptions.key("clipstream.webhooks.max-attempts")
                    .intType()
                    .defaultValue(6)
                    .withDescription("Attempts per webhook before it becomes a dead letter.");
    public static final ConfigOption<Duration> INITIAL_BACKOFF =
            ConfigOptions.key("clipstream.webhooks.initial-backoff")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(1))
                    .withDescription(
                            "Wait before the first retry; doubles with each retry, with jitter.");
    public static final ConfigOption<Duration> MAX_BACKOFF =
            ConfigOptions.key("clipstream.webhooks.max-backoff")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(1))
                    .withDescription("Longest wait between two attempts.");
    public static final ConfigOption<Duration> REQUEST_TIMEOUT =
            ConfigOptions.key("clipstream.webhooks.request-timeout")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(10))
                    .withDescription("Connect and read timeout of one attempt.");
    public static final ConfigOption<Integer> CAPACITY =
            ConfigOptions.key("clipstream.webhooks.capacity")
                    .intType()
                    .defaultValue(100)
                    .withDescription(
                            "Deliveries in flight per subtask; past it the notify job slows its"
                                    + " reading, never the clipping jobs.");
    public static final ConfigOption<Integer> THREADS =
            ConfigOptions.key("clipstream.webhooks.threads")
                    .intType()
                    .defaultValue(8)
                    .withDescription("Connections open at once per subtask.");
    public static final ConfigOption<Duration> STATE_RETENTION =
            ConfigOptions.key("clipstream.webhooks.state-retention")
                    .durationType()
                    .defaultValue(Duration.ofHours(24))
                    .withDescription(
                            "How long a video's callback and collected clips are kept after it was"
                                    + " first seen.");
    public static final ConfigOption<String> GROUP_ID =
            ConfigOptions.key("clipstream.webhooks.group-id")
                    .stringType()
                    .defaultValue("clipstream-notify")
                    .withDescription("Kafka consumer group of the notify job's sources.");

    private NotifyJobOptions() {}
}
