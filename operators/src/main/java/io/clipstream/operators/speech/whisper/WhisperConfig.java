package io.clipstream.operators.speech.whisper;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A Whisper model's {@code config.json}, as {@code tools/whisper-export.py} writes it: the
 * network's dimensions, the special token ids and the cross-attention heads that track time.
 */
public record WhisperConfig(
        int melBins,
        int audioContext,
        int textContext,
        int textLayers,
        int textHeads,
        int vocabulary,
        int textTokens,
        int endOfText,
        int[] startSequence,
        int noTimestamps,
        int timestampBegin,
        List<int[]> alignmentHeads) {

    /** Audio positions per second after the encoder's stride-2 convolution. */
    public static final int POSITIONS_PER_SECOND = 50;

    /** Mel frames of one decoding window (10 ms each). */
    public int windowFrames() {
        return 2 * audioContext;
    }

    /** Seconds of audio in one decoding window: 30 for every released Whisper model. */
    public long windowUs() {
        return audioContext * 1_000_000L / POSITIONS_PER_SECOND;
    }

    /** The last timestamp token a window can use: the window's end. */
    public int lastTimestamp() {
        return Math.min(vocabulary - 1, timestampBegin + audioContext);
    }

    public static WhisperConfig read(Path directory) throws IOException {
        Path file = directory.resolve("config.json");
        if (!Files.isRegularFile(file)) {
            throw new IOException("no config.json in the whisper model directory " + directory);
        }
        JsonNode c = new ObjectMapper().readTree(file.toFile());
        List<int[]> heads = new ArrayList<>();
        for (JsonNode head : c.path("alignment_heads")) {
            heads.add(new int[] {head.get(0).asInt(), head.get(1).asInt()});
        }
        int layers = required(c, "n_text_layer");
        int textHeads = required(c, "n_text_head");
        if (heads.isEmpty()) {
            for (int layer = layers / 2; layer < layers; layer++) {
                for (int head = 0; head < textHeads; head++) {
                    heads.add(new int[] {layer, head});
                }
            }
        }
        JsonNode sot = c.path("sot_sequence");
        int[] start = new int[sot.size()];
        for (int i = 0; i < start.length; i++) {
            start[i] = sot.get(i).asInt();
        }
        if (start.length == 0) {
            throw new IOException("config.json has no sot_sequence");
        }
        return new WhisperConfig(
                required(c, "n_mels"),
                required(c, "n_audio_ctx"),
                required(c, "n_text_ctx"),
                layers,
                textHeads,
                required(c, "n_vocab"),
                required(c, "text_tokens"),
                required(c, "eot"),
                start,
                required(c, "no_timestamps"),
                required(c, "timestamp_begin"),
                heads);
    }

    private static int required(JsonNode config, String field) throws IOException {
        if (!config.path(field).isInt()) {
            throw new IOException("whisper config.json lacks the integer " + field);
        }
        return config.get(field).asInt();
    }
}
