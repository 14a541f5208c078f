package io.clipstream.operators.speech;

import io.clipstream.operators.media.Wav16kMono;
import io.clipstream.schemas.TimeSpan;
import io.clipstream.schemas.Word;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Offline recognition with Vosk (Kaldi): the small US English model bundled with clipstream, or any
 * Vosk model directory the configuration names (larger English models, other languages). Each
 * speech span found by voice activity detection, padded a little, is decoded whole and on its own
 * (the recogniser starts afresh at each), so its words do not depend on where a segment begins;
 * silence is never decoded. Words keep the recogniser's spelling, start and end times and
 * confidence.
 */
public final class VoskEngine implements SpeechEngine {
    public static final String NAME = "vosk";
    private static final Logger LOG = LoggerFactory.getLogger(VoskEngine.class);

    /** Audio kept around each speech span so the recogniser hears the word edges. */
    static final long PAD_US = 200_000;

    private final Vosk vosk;
    private final long minPauseUs;
    private final Path modelDir;

    /**
     * Loads the model: the one in {@code modelDir}, or the bundled one when it is null or blank.
     *
     * @throws IOException naming the directory and what is missing when it is not a Vosk model
     */
    public VoskEngine(String modelDir, long minPauseUs) throws IOException {
        this.modelDir = VoskModels.resolve(modelDir);
        this.vosk = new Vosk(this.modelDir);
        this.minPauseUs = minPauseUs;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The model directory in use. */
    public Path modelDir() {
        return modelDir;
    }

    @Override
    public Transcript transcribe(short[] samples, long startUs) throws IOException {
        return transcribe(samples, startUs, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    @Override
    public Transcript transcribe(short[] samples, long startUs, long fromUs, long toUs)
            throws IOException {
        List<TimeSpan> all = VoiceActivityEngine.speechSpans(samples, startUs, minPauseUs);
        List<TimeSpan> speech = new ArrayList<>();
        for (TimeSpan span : all) {
            if (span.getEndUs() > fromUs && span.getStartUs() < toUs) {
                speech.add(span);
            }
        }
        List<Word> words = new ArrayList<>();
        long voiceUs = 0;
        for (TimeSpan span : speech) {
            voiceUs += span.getEndUs() - span.getStartUs();
            int from = (int) Math.max(0, Wav16kMono.sampleAt(span.getStartUs() - startUs - PAD_US));
            int to =
                    (int)
                            Math.min(
                                    samples.length,
                                    Wav16kMono.sampleAt(span.getEndUs() - startUs + PAD_US));
            long offsetUs = Wav16kMono.timeOf(Wav16kMono.sampleAt(startUs) + from);
            words.addAll(vosk.decode(samples, from, to, offsetUs));
        }
        List<String> findings = report(samples, startUs, voiceUs / 1e6, words.size());
        return new Transcript(NAME, words, speech, findings);
    }

    /**
     * One log line saying what was found when the audio explains few or no words; the findings'
     * names.
     */
    private static List<String> report(
            short[] samples, long startUs, double voiceSeconds, int words) {
        AudioCondition condition = AudioCondition.of(samples);
        List<AudioCondition.Finding> findings = condition.findings(voiceSeconds, words);
        if (!findings.isEmpty()) {
            double from = startUs / 1e6;
            double to = from + samples.length / (double) Wav16kMono.SAMPLE_RATE;
            LOG.warn(
                    String.format(
                            Locale.ROOT,
                            "Speech %.1f-%.1f s: %d words in %.1f s of voice; audio %s",
                            from,
                            to,
                            words,
                            voiceSeconds,
                            condition.describe(findings, voiceSeconds)));
        }
        return findings.stream().map(Enum::name).toList();
    }

    /** The loaded model, for aligning transcripts with the same recogniser. */
    Vosk recogniser() {
        return vosk;
    }

    @Override
    public void close() {
        vosk.close();
    }
}
