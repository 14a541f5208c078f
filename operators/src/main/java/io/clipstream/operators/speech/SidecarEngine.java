package io.clipstream.operators.speech;

import io.clipstream.operators.media.Wav16kMono;
import io.clipstream.schemas.TimeSpan;
import io.clipstream.schemas.Word;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Words from a transcript the customer supplied. Cue times are refined to word times by forced
 * alignment: PocketSphinx decodes the cue's audio against a grammar that accepts only the cue's
 * words. Where that cannot run (no PocketSphinx, a word outside its dictionary, or the alignment
 * fails), the cue's speech is spread over its words in proportion to their syllables. JSON words
 * already carry times and are used as given.
 */
public final class SidecarEngine implements SpeechEngine {
    public static final String NAME = "sidecar";
    private static final Logger LOG = LoggerFactory.getLogger(SidecarEngine.class);

    /** Audio on either side of a cue that the aligner may also place its words in. */
    public static final long ALIGN_MARGIN_US = 250_000;

    private final SidecarTranscript transcript;
    private final Path sphinxModel;
    private final long minPauseUs;
    private PocketSphinx aligner;
    private boolean alignerTried;
    private int aligned;
    private int proportional;

    /**
     * @param transcript what {@link #transcribe} aligns; null for an engine that only serves {@link
     *     #align(SidecarTranscript, short[], long)}, one transcript per call
     * @param sphinxModel PocketSphinx's model directory, or null to align by syllables only
     */
    public SidecarEngine(SidecarTranscript transcript, Path sphinxModel, long minPauseUs) {
        this.transcript = transcript;
        this.sphinxModel = sphinxModel;
        this.minPauseUs = minPauseUs;
    }

    /** The recogniser, opened on first use and kept for every later transcript. */
    private PocketSphinx aligner() {
        if (!alignerTried && sphinxModel != null) {
            alignerTried = true;
            String reason = PocketSphinx.unavailableReason(sphinxModel);
            if (reason == null) {
                aligner = PocketSphinx.open(sphinxModel);
            } else {
                LOG.info("Transcript words are timed by syllables, not aligned: {}", reason);
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
            List<String> tokens = List.of(cue.text().split("\\s+"));
            List<Word> cueWords = align(cue, tokens, samples, startUs, endUs);
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
            long endUs) {
        PocketSphinx aligner = aligner();
        if (aligner == null) {
            return null;
        }
        List<String> bare = new ArrayList<>(tokens.size());
        for (String token : tokens) {
            String b = token.toLowerCase(Locale.ROOT).replaceAll("^[^a-z0-9']+|[^a-z0-9']+$", "");
            if (b.isEmpty() || !aligner.knows(b)) {
                return null;
            }
            bare.add(b);
        }
        long fromUs = Math.max(startUs, cue.startUs() - ALIGN_MARGIN_US);
        long toUs = Math.min(endUs, cue.endUs() + ALIGN_MARGIN_US);
        int from = (int) (Wav16kMono.sampleAt(fromUs) - Wav16kMono.sampleAt(startUs));
        int to =
                (int)
                        Math.min(
                                samples.length,
                                Wav16kMono.sampleAt(toUs) - Wav16kMono.sampleAt(startUs));
        List<PocketSphinx.Segment> segments;
        try {
            aligner.useWordSequence(bare);
            segments = aligner.decode(samples, from, to);
        } catch (IllegalStateException e) {
            LOG.debug("Alignment of cue at {} us failed", cue.startUs(), e);
            return null;
        }
        List<Word> recognised =
                PocketSphinxEngine.toWords(
                        segments, Wav16kMono.timeOf(Wav16kMono.sampleAt(startUs) + from));
        if (recognised.size() != tokens.size()) {
            return null;
        }
        List<Word> out = new ArrayList<>(tokens.size());
        for (int i = 0; i < tokens.size(); i++) {
            Word w = recognised.get(i);
            out.add(word(tokens.get(i), w.getStartUs(), w.getEndUs()));
        }
        return out;
    }

    /** Spreads the cue's speech (its VAD-trimmed extent) over the words by syllables. */
    static List<Word> bySyllables(
            SidecarTranscript.Cue cue, List<String> tokens, List<TimeSpan> speech) {
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
        if (first >= last) {
            first = cue.startUs();
            last = cue.endUs();
        }
        int total = 0;
        for (String token : tokens) {
            total += Syllables.count(token);
        }
        List<Word> out = new ArrayList<>(tokens.size());
        double perSyllable = (double) (last - first) / total;
        double at = first;
        for (String token : tokens) {
            double next = at + Syllables.count(token) * perSyllable;
            out.add(word(token, Math.round(at), Math.round(next)));
            at = next;
        }
        return out;
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
