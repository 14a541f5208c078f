package io.clipstream.ingest;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.MemorySize;

/** Configuration of the ingest job. */
public final class IngestJobOptions {
    public static final ConfigOption<Duration> SEGMENT_TARGET =
            ConfigOptions.key("clipstream.ingest.segment-target")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(60))
                    .withDescription("Target segment length; segments start on keyframes.");
    public static final ConfigOption<Duration> MAX_DURATION =
            ConfigOptions.key("clipstream.ingest.max-duration")
                    .durationType()
                    .defaultValue(Duration.ofHours(4))
                    .withDescription("Longer videos are rejected (TOO_LONG).");
    public static final ConfigOption<MemorySize> MAX_SIZE =
            ConfigOptions.key("clipstream.ingest.max-size")
                    .memoryType()
                    .defaultValue(MemorySize.parse("20g"))
                    .withDescription("Larger objects are rejected (TOO_LARGE).");
    public static final ConfigOption<Long> MAX_PIXELS =
            ConfigOptions.key("clipstream.ingest.max-pixels")
                    .longType()
                    .defaultValue(8192L * 4320)
                    .withDescription("Larger frames are rejected (TOO_LARGE).");
    public static final ConfigOption<Boolean> MODEL_CONTEXT =
            ConfigOptions.key("clipstream.ingest.model-context")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "Plan the 75 frames of look-back the analysis job's shot model needs.");
    public static final ConfigOption<String> GROUP_ID =
            ConfigOptions.key("clipstream.ingest.group-id")
                    .stringType()
                    .defaultValue("clipstream-ingest")
                    .withDescription("Kafka consumer group of the uploads source.");

    private IngestJobOptions() {}
}
