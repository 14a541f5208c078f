package io.clipstream.render;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** Configuration of the render job. */
public final class RenderJobOptions {
    public static final ConfigOption<String> VIDEO_ENCODER =
            ConfigOptions.key("clipstream.render.video-encoder")
                    .stringType()
                    .defaultValue("libopenh264")
                    .withDescription(
                            "FFmpeg H.264 encoder. The bundled LGPL FFmpeg has libopenh264; libx264 needs the GPL natives.");
    public static final ConfigOption<Integer> VIDEO_BITRATE =
            ConfigOptions.key("clipstream.render.video-bitrate")
                    .intType()
                    .defaultValue(6_000_000)
                    .withDescription("Target video bitrate, bits per second.");
    public static final ConfigOption<Integer> AUDIO_BITRATE =
            ConfigOptions.key("clipstream.render.audio-bitrate")
                    .intType()
                    .defaultValue(128_000)
                    .withDescription("AAC bitrate, bits per second.");
    public static final ConfigOption<String> GROUP_ID =
            ConfigOptions.key("clipstream.render.group-id")
                    .stringType()
                    .defaultValue("clipstream-render")
                    .withDescription("Kafka consumer group of the clip-plans source.");

    private RenderJobOptions() {}
}
