package io.clipstream.operators.speech.whisper;

import io.clipstream.operators.speech.SpeechEngine;
import io.clipstream.operators.speech.Transcript;
import io.clipstream.operators.speech.VoiceActivityEngine;
import io.clipstream.schemas.TimeSpan;
import io.clipstream.schemas.Word;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * OpenAI Whisper through DJL: log-mel front end, greedy decoding with timestamp tokens window by
 * window, and word times from cross-attention alignment. Windows that hold no speech (by voice
 * activity) are skipped.
 */
public final class WhisperEngine implements SpeechEngine {
    public static final String NAME = "whisper";

    private final WhisperModel model;
    private final LogMel logMel;
    private final GreedyDecoder decoder;
    private final long minPauseUs;

    public WhisperEngine(Path modelDirectory, long minPauseUs) throws IOException {
        this.model = WhisperModel.load(modelDirectory);
        this.logMel = new LogMel(model.config().melBins());
        this.decoder = new GreedyDecoder(model.config());
        this.minPauseUs = minPauseUs;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Transcript transcribe(short[] samples, long startUs) {
        List<TimeSpan> speech = VoiceActivityEngine.speechSpans(samples, startUs, minPauseUs);
        WhisperConfig config = model.config();
        int windowSamples = config.windowFrames() * LogMel.HOP;
        List<Word> words = new ArrayList<>();
        int seek = 0;
        while (seek < samples.length) {
            long windowStartUs = startUs + seek * 1_000_000L / LogMel.SAMPLE_RATE;
            int available = Math.min(windowSamples, samples.length - seek);
            if (!hasSpeech(
                    speech,
                    windowStartUs,
                    windowStartUs + available * 1_000_000L / LogMel.SAMPLE_RATE)) {
                seek += windowSamples;
                continue;
            }
            WindowResult result = decodeWindow(samples, seek, available, windowStartUs);
            words.addAll(result.words());
            seek += Math.max(LogMel.HOP * 2, Math.min(available, result.consumedSamples()));
        }
        return new Transcript(NAME, words, speech);
    }

    private record WindowResult(List<Word> words, int consumedSamples) {}

    private WindowResult decodeWindow(
            short[] samples, int from, int available, long windowStartUs) {
        WhisperConfig config = model.config();
        Tokenizer tokenizer = model.tokenizer();
        float[][] mel = logMel.compute(samples, from, config.windowFrames());
        try (WhisperModel.Window window = model.window(mel)) {
            int maxTokens = config.textContext() / 2;
            List<GreedyDecoder.Token> tokens = decoder.decode(window::next, maxTokens);
            List<GreedyDecoder.Token> text = new ArrayList<>();
            int tb = config.timestampBegin();
            int lastTimestamp = -1;
            boolean endedWithOpenSegment = false;
            for (int i = 0; i < tokens.size(); i++) {
                int id = tokens.get(i).id();
                if (id >= tb) {
                    lastTimestamp = id - tb;
                    endedWithOpenSegment = i >= 1 && tokens.get(i - 1).id() >= tb;
                } else if (id < config.endOfText()) {
                    text.add(tokens.get(i));
                    endedWithOpenSegment = false;
                }
            }
            boolean finished =
                    !tokens.isEmpty() && tokens.get(tokens.size() - 1).id() == config.endOfText();
            int consumed = available;
            if ((endedWithOpenSegment || !finished) && lastTimestamp > 0) {
                // the window's last segment was cut off: decode again from where it began
                consumed = lastTimestamp * LogMel.SAMPLE_RATE / WhisperConfig.POSITIONS_PER_SECOND;
            }
            int positions =
                    Math.max(1, Math.min(config.audioContext(), available / (LogMel.HOP * 2)));
            List<Word> words = words(window, text, tokenizer, positions, windowStartUs);
            if (consumed < available) {
                long limitUs = windowStartUs + consumed * 1_000_000L / LogMel.SAMPLE_RATE;
                words.removeIf(w -> w.getStartUs() >= limitUs);
            }
            return new WindowResult(words, consumed);
        }
    }

    /**
     * Groups text tokens into words (a word starts at a token with a leading space) and times them.
     */
    private List<Word> words(
            WhisperModel.Window window,
            List<GreedyDecoder.Token> text,
            Tokenizer tokenizer,
            int positions,
            long windowStartUs) {
        List<Word> words = new ArrayList<>();
        if (text.isEmpty()) {
            return words;
        }
        WhisperConfig config = model.config();
        int[] prompt = config.startSequence();
        int[] sequence = new int[prompt.length + 1 + text.size() + 1];
        System.arraycopy(prompt, 0, sequence, 0, prompt.length);
        sequence[prompt.length] = config.noTimestamps();
        for (int i = 0; i < text.size(); i++) {
            sequence[prompt.length + 1 + i] = text.get(i).id();
        }
        sequence[sequence.length - 1] = config.endOfText();
        float[][][][] qk = window.crossAttention(sequence);
        int[] starts =
                WordAligner.startPositions(
                        qk, config.alignmentHeads(), prompt.length, text.size() + 1, positions);
        int wordStart = 0;
        for (int i = 1; i <= text.size(); i++) {
            boolean boundary = i == text.size() || tokenizer.startsWord(text.get(i).id());
            if (!boundary) {
                continue;
            }
            List<Integer> ids = new ArrayList<>();
            double probability = 0;
            for (int k = wordStart; k < i; k++) {
                ids.add(text.get(k).id());
                probability += text.get(k).probability();
            }
            String spelled = tokenizer.decode(ids).trim();
            if (!spelled.isEmpty()) {
                long start =
                        windowStartUs
                                + starts[wordStart]
                                        * 1_000_000L
                                        / WhisperConfig.POSITIONS_PER_SECOND;
                long end =
                        windowStartUs + starts[i] * 1_000_000L / WhisperConfig.POSITIONS_PER_SECOND;
                words.add(
                        Word.newBuilder()
                                .setText(spelled)
                                .setStartUs(start)
                                .setEndUs(Math.max(start, end))
                                .setConfidence((float) (probability / ids.size()))
                                .build());
            }
            wordStart = i;
        }
        return words;
    }

    private static boolean hasSpeech(List<TimeSpan> speech, long fromUs, long toUs) {
        for (TimeSpan span : speech) {
            if (span.getStartUs() < toUs && span.getEndUs() > fromUs) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        model.close();
    }
}
