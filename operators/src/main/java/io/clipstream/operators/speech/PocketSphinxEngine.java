package io.clipstream.operators.speech;

import io.clipstream.operators.media.Wav16kMono;
import io.clipstream.schemas.TimeSpan;
import io.clipstream.schemas.Word;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Offline recognition with CMU PocketSphinx and its US English model. Each speech span found by
 * voice activity detection, padded a little, is decoded as one utterance; silence is never decoded.
 */
public final class PocketSphinxEngine implements SpeechEngine {
    public static final String NAME = "pocketsphinx";

    /** Audio kept around each speech span so the recogniser hears the word edges. */
    static final long PAD_US = 200_000;

    private final PocketSphinx decoder;
    private final long minPauseUs;

    public PocketSphinxEngine(Path model, long minPauseUs) {
        this.decoder = PocketSphinx.open(model);
        this.minPauseUs = minPauseUs;
    }

    /** Why the engine cannot run on this machine, or null when it can. */
    public static String unavailableReason(Path model) {
        return PocketSphinx.unavailableReason(model);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Transcript transcribe(short[] samples, long startUs) {
        List<TimeSpan> speech = VoiceActivityEngine.speechSpans(samples, startUs, minPauseUs);
        List<Word> words = new ArrayList<>();
        decoder.useLanguageModel();
        for (TimeSpan span : speech) {
            int from = (int) Math.max(0, Wav16kMono.sampleAt(span.getStartUs() - startUs - PAD_US));
            int to =
                    (int)
                            Math.min(
                                    samples.length,
                                    Wav16kMono.sampleAt(span.getEndUs() - startUs + PAD_US));
            long offsetUs = Wav16kMono.timeOf(Wav16kMono.sampleAt(startUs) + from);
            words.addAll(toWords(decoder.decode(samples, from, to), offsetUs));
        }
        return new Transcript(NAME, words, speech);
    }

    /** Recognised segments as words: silence, noise and sentence markers dropped. */
    static List<Word> toWords(List<PocketSphinx.Segment> segments, long offsetUs) {
        List<Word> words = new ArrayList<>();
        for (PocketSphinx.Segment segment : segments) {
            String text = spelling(segment.word());
            if (text == null) {
                continue;
            }
            words.add(
                    Word.newBuilder()
                            .setText(text)
                            .setStartUs(offsetUs + frameUs(segment.startFrame()))
                            .setEndUs(offsetUs + frameUs(segment.endFrame()))
                            .setConfidence((float) segment.posterior())
                            .build());
        }
        return words;
    }

    /** The word as spoken, without pronunciation variant; null for non-words. */
    static String spelling(String token) {
        if (token == null
                || token.isEmpty()
                || token.startsWith("<")
                || token.startsWith("[")
                || token.startsWith("+")) {
            return null;
        }
        int variant = token.indexOf('(');
        return (variant > 0 ? token.substring(0, variant) : token).toLowerCase(Locale.ROOT);
    }

    private static long frameUs(int frame) {
        return frame * 1_000_000L / PocketSphinx.FRAMES_PER_SECOND;
    }

    @Override
    public void close() {
        decoder.close();
    }
}
