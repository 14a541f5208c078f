package io.clipstream.analysis;

import io.clipstream.operators.analysis.faces.FaceSampler;
import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** Configuration of the analysis job. */
public final class AnalysisJobOptions {
    public static final ConfigOption<Integer> ANALYSIS_WIDTH =
            ConfigOptions.key("clipstream.analysis.frame-width")
                    .intType()
                    .defaultValue(128)
                    .withDescription(
                            "Width frames are downscaled to (by swscale) for shot detection.");
    public static final ConfigOption<Double> ADAPTIVE_RATIO =
            ConfigOptions.key("clipstream.analysis.adaptive-ratio")
                    .doubleType()
                    .defaultValue(3.0)
                    .withDescription(
                            "A hard cut's frame difference must be this many times its neighbours' mean.");
    public static final ConfigOption<Double> MIN_CONTENT =
            ConfigOptions.key("clipstream.analysis.min-content")
                    .doubleType()
                    .defaultValue(8.0)
                    .withDescription(
                            "Smallest frame difference (mean HSV difference, 0-255) a hard cut may have.");
    public static final ConfigOption<Boolean> FAST_DECODE =
            ConfigOptions.key("clipstream.analysis.fast-decode")
                    .booleanType()
                    .defaultValue(true)
                    .withDescription(
                            "Skip H.264 deblocking while decoding for analysis: cheaper, every frame still decoded and counted.");
    public static final ConfigOption<String> SHOT_MODEL_DIR =
            ConfigOptions.key("clipstream.analysis.shot-model.dir")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Directory of a trained TransitionNetwork; set it to detect shots with the model"
                                    + " (ingest then needs clipstream.ingest.model-context=true).");
    public static final ConfigOption<String> SHOT_MODEL_NAME =
            ConfigOptions.key("clipstream.analysis.shot-model.name")
                    .stringType()
                    .defaultValue("transition-net")
                    .withDescription("Model name: the parameters file is {name}-0000.params.");
    public static final ConfigOption<Integer> SHOT_MODEL_FILTERS =
            ConfigOptions.key("clipstream.analysis.shot-model.filters")
                    .intType()
                    .defaultValue(8)
                    .withDescription("Channels of the network's first convolution, as trained.");
    public static final ConfigOption<Double> SHOT_MODEL_THRESHOLD =
            ConfigOptions.key("clipstream.analysis.shot-model.threshold")
                    .doubleType()
                    .defaultValue(0.5)
                    .withDescription("Transition probability at which a frame starts a new shot.");
    public static final ConfigOption<Boolean> DISSOLVES =
            ConfigOptions.key("clipstream.analysis.detect-dissolves")
                    .booleanType()
                    .defaultValue(true)
                    .withDescription("Whether gradual transitions (dissolves) are detected.");
    public static final ConfigOption<Integer> MIN_SHOT_FRAMES =
            ConfigOptions.key("clipstream.analysis.min-shot-frames")
                    .intType()
                    .defaultValue(8)
                    .withDescription("Shortest shot, in frames.");
    public static final ConfigOption<Integer> DECODE_THREADS =
            ConfigOptions.key("clipstream.analysis.decode-threads")
                    .intType()
                    .defaultValue(0)
                    .withDescription("FFmpeg decode threads per segment; 0 lets FFmpeg choose.");
    public static final ConfigOption<String> SPEECH_ENGINE =
            ConfigOptions.key("clipstream.speech.engine")
                    .stringType()
                    .defaultValue("auto")
                    .withDescription(
                            "auto (vosk), vosk, whisper or none."
                                    + " Uploads with a transcript use it instead (sidecar).");
    public static final ConfigOption<String> WHISPER_MODEL_DIR =
            ConfigOptions.key("clipstream.speech.whisper.model-dir")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Directory written by tools/whisper-export.py, for the whisper engine.");
    public static final ConfigOption<String> VOSK_MODEL_DIR =
            ConfigOptions.key("clipstream.speech.vosk.model-dir")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "A Vosk model directory (a larger English model, another language);"
                                    + " unset: the small US English model bundled with clipstream.");
    public static final ConfigOption<Duration> SPEECH_OVERLAP =
            ConfigOptions.key("clipstream.speech.overlap")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(2))
                    .withDescription(
                            "Audio a segment's recogniser hears beyond each side, so boundary words are heard whole.");
    public static final ConfigOption<String> FACE_DETECTOR =
            ConfigOptions.key("clipstream.faces.detector")
                    .stringType()
                    .defaultValue(FaceSampler.Settings.DEFAULT.detector())
                    .withDescription(
                            "Face detector for the virtual camera: auto (BlazeFace where its model is"
                                    + " found, else the haar-frontal-alt2 cascade), blazeface,"
                                    + " lbp-frontal-improved, haar-frontal-alt2, haar-frontal-default,"
                                    + " the path of an OpenCV cascade XML file, or none (every clip keeps"
                                    + " the most detailed region or the centre).");
    public static final ConfigOption<String> FACE_MODEL_DIR =
            ConfigOptions.key("clipstream.faces.model-dir")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Directory of the BlazeFace ONNX models (tools/setup-faces.sh writes"
                                    + " models/blazeface); unset: $CLIPSTREAM_FACE_MODELS, then"
                                    + " models/blazeface in the working directory.");
    public static final ConfigOption<Integer> FACE_FRAME_WIDTH =
            ConfigOptions.key("clipstream.faces.frame-width")
                    .intType()
                    .defaultValue(FaceSampler.Settings.DEFAULT.width())
                    .withDescription("Width in pixels of the grey frames faces are looked for in.");
    public static final ConfigOption<Double> FACE_SAMPLES_PER_SECOND =
            ConfigOptions.key("clipstream.faces.samples-per-second")
                    .doubleType()
                    .defaultValue(FaceSampler.Settings.DEFAULT.samplesPerSecond())
                    .withDescription("How often frames are sampled for faces, detail and motion.");
    public static final ConfigOption<Double> FACE_MIN_SHARE =
            ConfigOptions.key("clipstream.faces.min-face-share")
                    .doubleType()
                    .defaultValue(FaceSampler.Settings.DEFAULT.minFaceShare())
                    .withDescription(
                            "The smallest face looked for, as a share of the frame's width.");
    public static final ConfigOption<Duration> MIN_PAUSE =
            ConfigOptions.key("clipstream.analysis.min-pause")
                    .durationType()
                    .defaultValue(Duration.ofMillis(250))
                    .withDescription("Shorter silences are bridged inside speech.");
    public static final ConfigOption<Duration> BREAK_PAUSE =
            ConfigOptions.key("clipstream.analysis.break-pause")
                    .durationType()
                    .defaultValue(Duration.ofMillis(700))
                    .withDescription("A pause at least this long ends a talking point.");
    public static final ConfigOption<Duration> SEGMENT_TIMEOUT =
            ConfigOptions.key("clipstream.analysis.segment-timeout")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(30))
                    .withDescription(
                            "A video whose segments have not all arrived by then fails (SEGMENT_TIMEOUT).");
    public static final ConfigOption<String> GROUP_ID =
            ConfigOptions.key("clipstream.analysis.group-id")
                    .stringType()
                    .defaultValue("clipstream-analysis")
                    .withDescription("Kafka consumer group of the segments source.");

    private AnalysisJobOptions() {}
}
