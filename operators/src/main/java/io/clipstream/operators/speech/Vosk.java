package io.clipstream.operators.speech;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clipstream.operators.media.Wav16kMono;
import io.clipstream.schemas.Word;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.vosk.LibVosk;
import org.vosk.Model;
import org.vosk.Recognizer;

/**
 * A recogniser over a Vosk (Kaldi) model, called in-process through JNA. Not thread-safe: one
 * instance per task slot, closed when the slot is done; the model itself is loaded once per process
 * and shared ({@link SharedVoskModels}). The recogniser is reused for every utterance, because a
 * new one pays a cold start of about half a second on this machine's cores.
 */
final class Vosk implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Audio handed to the recogniser at a time; it reports utterance ends between pieces. */
    private static final int PIECE = Wav16kMono.SAMPLE_RATE / 2;

    /**
     * Kaldi's log level: -2 keeps errors only, so a run's output is not full of decoder chatter.
     */
    private static final int ERRORS_ONLY = -2;

    private final Path modelDir;
    private final Model model;
    private final Stream recognizer;
    private Stream aligner;

    /**
     * A recogniser and the samples it has been given: Vosk times words from the first sample a
     * recogniser ever received, across utterances and resets.
     */
    private static final class Stream {
        final Recognizer recognizer;
        long fed;

        Stream(Recognizer recognizer) {
            this.recognizer = recognizer;
            recognizer.setWords(true);
        }
    }

    Vosk(Path modelDir) throws IOException {
        LibVosk.vosk_set_log_level(ERRORS_ONLY);
        this.modelDir = modelDir;
        this.model = SharedVoskModels.acquire(modelDir);
        try {
            this.recognizer = new Stream(new Recognizer(model, Wav16kMono.SAMPLE_RATE));
        } catch (IOException | RuntimeException e) {
            SharedVoskModels.release(modelDir);
            throw e;
        }
    }

    /** Recognises {@code samples[from, to)}; word times start at {@code offsetUs}. */
    List<Word> decode(short[] samples, int from, int to, long offsetUs) throws IOException {
        return run(recognizer, samples, from, to, offsetUs);
    }

    /**
     * Decodes {@code samples[from, to)} against a grammar of one phrase, the words given, so the
     * result is those words with their times (words the model does not know are left out).
     */
    List<Word> align(List<String> words, short[] samples, int from, int to, long offsetUs)
            throws IOException {
        String grammar = JSON.writeValueAsString(List.of(String.join(" ", words)));
        if (aligner == null) {
            aligner = new Stream(new Recognizer(model, Wav16kMono.SAMPLE_RATE, grammar));
        } else {
            aligner.recognizer.setGrammar(grammar);
        }
        return run(aligner, samples, from, to, offsetUs);
    }

    private static List<Word> run(Stream stream, short[] samples, int from, int to, long offsetUs)
            throws IOException {
        Recognizer recognizer = stream.recognizer;
        double origin = stream.fed / (double) Wav16kMono.SAMPLE_RATE;
        stream.fed += to - from;
        List<Word> words = new ArrayList<>();
        short[] piece = new short[PIECE];
        for (int at = from; at < to; at += PIECE) {
            int n = Math.min(PIECE, to - at);
            System.arraycopy(samples, at, piece, 0, n);
            if (recognizer.acceptWaveForm(piece, n)) {
                words.addAll(parse(recognizer.getResult(), origin, offsetUs));
            }
        }
        words.addAll(parse(recognizer.getFinalResult(), origin, offsetUs));
        return words;
    }

    /**
     * The words of one Vosk result ({@code {"result": [{"word", "start", "end", "conf"}]}}). Its
     * times are seconds since the recogniser's first sample; {@code origin} is where this audio
     * began on that clock, and {@code offsetUs} where it begins on the video timeline. Times are
     * whole milliseconds from the audio's start (Kaldi's frames are 10 ms), so the same audio gives
     * the same times whatever the recogniser decoded before.
     */
    static List<Word> parse(String json, double origin, long offsetUs) throws IOException {
        JsonNode result = JSON.readTree(json).path("result");
        List<Word> words = new ArrayList<>(result.size());
        for (JsonNode w : result) {
            String text = w.path("word").asText("");
            if (text.isEmpty() || text.equals("[unk]")) {
                continue;
            }
            words.add(
                    Word.newBuilder()
                            .setText(text)
                            .setStartUs(offsetUs + millis(w.path("start").asDouble() - origin))
                            .setEndUs(offsetUs + millis(w.path("end").asDouble() - origin))
                            .setConfidence((float) w.path("conf").asDouble(1.0))
                            .build());
        }
        return words;
    }

    private static long millis(double seconds) {
        return Math.round(seconds * 1000) * 1000;
    }

    @Override
    public void close() {
        if (aligner != null) {
            aligner.recognizer.close();
        }
        recognizer.recognizer.close();
        SharedVoskModels.release(modelDir);
    }
}
