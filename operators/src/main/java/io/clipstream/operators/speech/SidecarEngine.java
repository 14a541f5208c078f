package io.clipstream.operators.speech;

import io.clipstream.operators.media.Wav16kMono;
import io.clipstream.schemas.TimeSpan;
import io.clipstream.schemas.Word;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Words from a transcript the customer supplied. Cue times are refined to word times by forced
 * alignment: Vosk decodes the cue's audio against a grammar that accepts only the cue's words, in
 * order. The words it places keep its times; words it cannot place (outside its vocabulary, such as
 * "1455" or a brand name, or not heard) share the time between their placed neighbours in
 * proportion to their syllables. A cue with no word placed, or without a model, is spread over its
 * speech by syllables. JSON words already carry times and are used as given.
 */
public final class SidecarEngine implements SpeechEngine {
    public static final String NAME = "sidecar";
    private static final Logger LOG = LoggerFactory.getLogger(SidecarEngine.class);

    /** Audio on either side of a cue that the aligner may also place its words in. */
    public static final long ALIGN_MARGIN_US = 250_000;

    private final SidecarTranscript transcript;
    private final boolean alignWithModel;
    private final String voskModel;
    private final long minPauseUs;
    private Vosk aligner;
    private boolean alignerTried;
    private int aligned;
    private int proportional;

    /**
     * @param transcript what {@link #transcribe} aligns; null for an engine that only serves {@link
     *     #align(SidecarTranscript, short[], long)}, one transcript per call
     * @param alignWithModel false to time words by syllables only
     * @param voskModel Vosk model directory, or null for the bundled model
     */
    public SidecarEngine(
            SidecarTranscript transcript,
            boolean alignWithModel,
            String voskModel,
            long minPauseUs) {
        this.transcript = transcript;
        this.alignWithModel = alignWithModel;
        this.voskModel = voskModel;
        this.minPauseUs = minPauseUs;
    }

    /** The recogniser, opened on first use and kept for every later transcript. */
    private Vosk aligner() {
        if (!alignerTried && alignWithModel) {
            alignerTried = true;
            try {
                aligner = new Vosk(VoskModels.resolve(voskModel));
            } catch (IOException | RuntimeException | LinkageError e) {
                LOG.warn(
                        "Transcript words are timed by syllables, not aligned: {}", e.getMessage());
            }
        }
        return aligner;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Cues aligned with the recogniser, and cues timed by syllables, so far. */
    public int[] alignmentCounts() {
        return new int[] {aligned, proportional};
    }

    @Override
    public Transcript transcribe(short[] samples, long startUs) {
        return align(transcript, samples, startUs);
    }

    /** The words of every cue that lies wholly inside the audio given. */
    public Transcript align(SidecarTranscript transcript, short[] samples, long startUs) {
        long endUs = startUs + samples.length * 1_000_000L / Wav16kMono.SAMPLE_RATE;
        List<TimeSpan> speech = VoiceActivityEngine.speechSpans(samples, startUs, minPauseUs);
        List<Word> words = new ArrayList<>();
        for (SidecarTranscript.Cue cue : transcript.cues()) {
            if (cue.startUs() < startUs || cue.endUs() > endUs) {
                continue;
            }
            if (transcript.wordTimed()) {
                words.add(word(cue.text(), cue.startUs(), cue.endUs()));
                continue;
            }
            List<String> tokens = List.of(cue.text().trim().split("\\s+"));
            List<Word> cueWords = align(cue, tokens, samples, startUs, endUs, speech);
            if (cueWords == null) {
                cueWords = bySyllables(cue, tokens, speech);
                proportional++;
            } else {
                aligned++;
            }
            words.addAll(cueWords);
        }
        return new Transcript(NAME, words, speech);
    }

    private List<Word> align(
            SidecarTranscript.Cue cue,
            List<String> tokens,
            short[] samples,
            long startUs,
            long endUs,
            List<TimeSpan> speech) {
        Vosk aligner = aligner();
        if (aligner == null) {
            return null;
        }
        List<String> bare = new ArrayList<>(tokens.size());
        for (String token : tokens) {
            bare.add(
                    token.toLowerCase(Locale.ROOT)
                            .replaceAll("^[^\\p{L}\\p{N}']+|[^\\p{L}\\p{N}']+$", ""));
        }
        List<String> grammar = bare.stream().filter(b -> !b.isEmpty()).toList();
        if (grammar.isEmpty()) {
            return null;
        }
        long fromUs = Math.max(startUs, cue.startUs() - ALIGN_MARGIN_US);
        long toUs = Math.min(endUs, cue.endUs() + ALIGN_MARGIN_US);
        int from = (int) (Wav16kMono.sampleAt(fromUs) - Wav16kMono.sampleAt(startUs));
        int to =
                (int)
                        Math.min(
                                samples.length,
                                Wav16kMono.sampleAt(toUs) - Wav16kMono.sampleAt(startUs));
        List<Word> recognised;
        try {
            recognised =
                    aligner.align(
                            grammar,
                            samples,
                            from,
                            to,
                            Wav16kMono.timeOf(Wav16kMono.sampleAt(startUs) + from));
        } catch (IOException | RuntimeException e) {
            LOG.debug("Alignment of cue at {} us failed", cue.startUs(), e);
            return null;
        }
        List<SpeechMetrics.Match> anchors =
                SpeechMetrics.exactMatches(
                        bare, recognised.stream().map(w -> w.getText().toString()).toList());
        if (anchors.isEmpty()) {
            return null;
        }
        return fill(cue, tokens, anchors, recognised, speech);
    }

    /**
     * The cue's words: those matched to a recognised word take its times; each run of unmatched
     * words shares the time between its matched neighbours (or the cue's speech edges) by
     * syllables.
     */
    static List<Word> fill(
            SidecarTranscript.Cue cue,
            List<String> tokens,
            List<SpeechMetrics.Match> anchors,
            List<Word> recognised,
            List<TimeSpan> speech) {
        long[] extent = speechExtent(cue, speech);
        Word[] out = new Word[tokens.size()];
        for (SpeechMetrics.Match m : anchors) {
            Word r = recognised.get(m.hypothesis());
            out[m.reference()] = word(tokens.get(m.reference()), r.getStartUs(), r.getEndUs());
        }
        int i = 0;
        while (i < out.length) {
            if (out[i] != null) {
                i++;
                continue;
            }
            int j = i;
            while (j < out.length && out[j] == null) {
                j++;
            }
            long next = j < out.length ? out[j].getStartUs() : extent[1];
            long from = i == 0 ? Math.min(extent[0], next) : out[i - 1].getEndUs();
            long to = j < out.length ? next : Math.max(extent[1], from);
            from = Math.min(from, to);
            spread(tokens, i, j, from, to, out);
            i = j;
        }
        return List.of(out);
    }

    private static void spread(List<String> tokens, int i, int j, long from, long to, Word[] out) {
        int total = 0;
        for (int k = i; k < j; k++) {
            total += Syllables.count(tokens.get(k));
        }
        double per = (double) Math.max(0, to - from) / total;
        double at = from;
        for (int k = i; k < j; k++) {
            double next = at + Syllables.count(tokens.get(k)) * per;
            out[k] = word(tokens.get(k), Math.round(at), Math.round(next));
            at = next;
        }
    }

    /** The cue's speech: its voice-activity-trimmed extent, or the cue itself without voice. */
    private static long[] speechExtent(SidecarTranscript.Cue cue, List<TimeSpan> speech) {
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (TimeSpan span : speech) {
            long s = Math.max(span.getStartUs(), cue.startUs());
            long e = Math.min(span.getEndUs(), cue.endUs());
            if (s < e) {
                first = Math.min(first, s);
                last = Math.max(last, e);
            }
        }
        return first >= last ? new long[] {cue.startUs(), cue.endUs()} : new long[] {first, last};
    }

    /** Spreads the cue's speech (its VAD-trimmed extent) over the words by syllables. */
    static List<Word> bySyllables(
            SidecarTranscript.Cue cue, List<String> tokens, List<TimeSpan> speech) {
        long[] extent = speechExtent(cue, speech);
        Word[] out = new Word[tokens.size()];
        spread(tokens, 0, tokens.size(), extent[0], extent[1], out);
        return List.of(out);
    }

    private static Word word(String text, long startUs, long endUs) {
        return Word.newBuilder()
                .setText(text)
                .setStartUs(startUs)
                .setEndUs(endUs)
                .setConfidence(1f)
                .build();
    }

    @Override
    public void close() {
        if (aligner != null) {
            aligner.close();
        }
    }
}
