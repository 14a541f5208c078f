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
                    .defaultValue(0)
                    .withDescription(
                            "Video bitrate, bits per second; 0 chooses by resolution and frame rate (8 Mbit/s at 1080x1920, 30 fps).");
    public static final ConfigOption<Integer> AUDIO_BITRATE =
            ConfigOptions.key("clipstream.render.audio-bitrate")
                    .intType()
                    .defaultValue(160_000)
                    .withDescription("AAC bitrate (48 kHz stereo), bits per second.");
    public static final ConfigOption<Double> LOUDNESS_TARGET =
            ConfigOptions.key("clipstream.render.loudness-target")
                    .doubleType()
                    .defaultValue(-14.0)
                    .withDescription(
                            "Integrated loudness of every output (EBU R128), LUFS; -14 is what the major platforms normalise to.");
    public static final ConfigOption<Double> TRUE_PEAK =
            ConfigOptions.key("clipstream.render.true-peak")
                    .doubleType()
                    .defaultValue(-1.0)
                    .withDescription("Highest true peak of every output, dBTP.");
    public static final ConfigOption<String> GROUP_ID =
            ConfigOptions.key("clipstream.render.group-id")
                    .stringType()
                    .defaultValue("clipstream-render")
                    .withDescription("Kafka consumer group of the clip-plans source.");

    private RenderJobOptions() {}
}
