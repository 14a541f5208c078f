package io.clipstream.operators.speech;

import io.clipstream.operators.media.Wav16kMono;
import io.clipstream.schemas.TimeSpan;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The project's own speech test media: talks spoken by espeak-ng, so the words, where each starts,
 * and where speech starts and stops are known exactly. Utterances are separated by pauses and laid
 * over a quiet noise floor, as in a real recording.
 */
public final class SpeechFixtures {
    /** One sentence or phrase, spoken with one voice, followed by a pause. */
    public record Line(
            String text,
            String voice,
            int wordsPerMinute,
            int pitch,
            long pauseAfterUs,
            double gainDb) {
        public Line(String text, long pauseAfterUs) {
            this(text, "en-us", 160, 50, pauseAfterUs);
        }

        public Line(String text, String voice, int wordsPerMinute, int pitch, long pauseAfterUs) {
            this(text, voice, wordsPerMinute, pitch, pauseAfterUs, 0);
        }
    }

    /** A word of the script and the time the synthesizer started it. */
    public record TruthWord(String text, long startUs) {}

    /** Generated audio (16 kHz mono) and its ground truth. */
    public record Fixture(
            String name,
            short[] samples,
            List<String> script,
            List<TruthWord> words,
            List<TimeSpan> speech,
            List<String> utterances) {
        public long durationUs() {
            return samples.length * 1_000_000L / Wav16kMono.SAMPLE_RATE;
        }

        /** The script as one text, punctuation kept. */
        public String text() {
            return String.join(" ", script);
        }

        public void writeWav(Path path) throws IOException {
            try (Wav16kMono.Writer writer = new Wav16kMono.Writer(path)) {
                writer.write(samples, 0, samples.length);
            }
        }
    }

    /** Level of the background noise, in 16-bit sample units (about -56 dBFS RMS). */
    static final double NOISE_RMS = 50;

    private static final long LEAD_IN_US = 600_000;

    private SpeechFixtures() {}

    /** Whether fixtures can be generated here (espeak-ng is installed). */
    public static boolean available() {
        return Espeak.available();
    }

    /** The standard set: four short talks with different voices, rates and fillers. */
    public static List<Fixture> standard() {
        List<Fixture> fixtures = new ArrayList<>();
        fixtures.add(
                build(
                        "welcome",
                        List.of(
                                new Line("Welcome back to the show.", 700_000),
                                new Line(
                                        "Today we are talking about how small teams build software faster.",
                                        900_000),
                                new Line(
                                        "Um, the first thing I learned is that you have to write the plan down.",
                                        800_000),
                                new Line(
                                        "If nobody writes it down, everybody remembers a different plan.",
                                        1_000_000))));
        fixtures.add(
                build(
                        "pricing",
                        List.of(
                                new Line(
                                        "So let me ask you a question.",
                                        "en-us+m3",
                                        170,
                                        40,
                                        600_000),
                                new Line(
                                        "What would you pay for a tool that saves you one hour every day?",
                                        "en-us+m3",
                                        170,
                                        40,
                                        900_000),
                                new Line(
                                        "Most people say ten dollars a month, but they really pay much more.",
                                        "en-us+m3",
                                        170,
                                        40,
                                        700_000),
                                new Line(
                                        "Uh, the real price is the time you lose when the tool breaks.",
                                        "en-us+m3",
                                        170,
                                        40,
                                        1_000_000))));
        fixtures.add(
                build(
                        "story",
                        List.of(
                                new Line(
                                        "Last year we moved our whole company to a new city.",
                                        "en-us+f2",
                                        150,
                                        60,
                                        800_000),
                                new Line(
                                        "The first week was hard, and the second week was even harder.",
                                        "en-us+f2",
                                        150,
                                        60,
                                        700_000),
                                new Line(
                                        "But by the end of the month, the team was working better than ever.",
                                        "en-us+f2",
                                        150,
                                        60,
                                        1_200_000))));
        fixtures.add(
                build(
                        "fast",
                        List.of(
                                new Line(
                                        "Here is the most important number in the report.",
                                        "en-us",
                                        210,
                                        55,
                                        500_000),
                                new Line(
                                        "Sales grew by forty percent in one quarter, and costs went down.",
                                        "en-us",
                                        210,
                                        55,
                                        600_000),
                                new Line(
                                        "That is why we are hiring twenty new people this spring.",
                                        "en-us",
                                        210,
                                        55,
                                        900_000))));
        return fixtures;
    }

    /** Speaks the lines one after another, starting after a short lead-in of room noise. */
    public static Fixture build(String name, List<Line> lines) {
        Random noise = new Random(name.hashCode());
        List<short[]> parts = new ArrayList<>();
        List<TruthWord> words = new ArrayList<>();
        List<TimeSpan> speech = new ArrayList<>();
        List<String> script = new ArrayList<>();
        List<String> utterances = new ArrayList<>();
        long cursor = Wav16kMono.sampleAt(LEAD_IN_US);
        parts.add(new short[(int) cursor]);
        for (Line line : lines) {
            Espeak.Utterance utterance =
                    Espeak.speak(line.text(), line.voice(), line.wordsPerMinute(), line.pitch());
            short[] audio =
                    Resampler.resample(
                            utterance.samples(), utterance.sampleRate(), Wav16kMono.SAMPLE_RATE);
            double scale = (double) Wav16kMono.SAMPLE_RATE / utterance.sampleRate();
            int[] edges = audibleRange(audio);
            if (edges == null) {
                continue;
            }
            short[] trimmed = java.util.Arrays.copyOfRange(audio, edges[0], edges[1]);
            script.addAll(List.of(line.text().trim().split("\\s+")));
            utterances.add(line.text().trim());
            double gain = Math.pow(10, line.gainDb() / 20);
            for (int i = 0; i < trimmed.length; i++) {
                trimmed[i] =
                        (short)
                                Math.max(
                                        Short.MIN_VALUE,
                                        Math.min(Short.MAX_VALUE, Math.round(trimmed[i] * gain)));
            }
            for (Espeak.WordMark mark : utterance.words()) {
                String text = normalise(mark.text());
                if (text.isEmpty()) {
                    continue;
                }
                long sample = Math.max(0, Math.round(mark.startSample() * scale) - edges[0]);
                words.add(new TruthWord(text, toUs(cursor + sample)));
            }
            speech.add(new TimeSpan(toUs(cursor), toUs(cursor + trimmed.length)));
            parts.add(trimmed);
            int pause = (int) Wav16kMono.sampleAt(line.pauseAfterUs());
            parts.add(new short[pause]);
            cursor += trimmed.length + pause;
        }
        short[] samples = new short[(int) cursor];
        int at = 0;
        for (short[] part : parts) {
            System.arraycopy(part, 0, samples, at, part.length);
            at += part.length;
        }
        for (int i = 0; i < samples.length; i++) {
            double value = samples[i] + noise.nextGaussian() * NOISE_RMS;
            samples[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, value));
        }
        return new Fixture(name, samples, script, words, speech, utterances);
    }

    /**
     * The fixture's script as a captioner would deliver it: one cue per spoken line, starting and
     * ending 150 ms off the speech.
     */
    public static SidecarTranscript captionerCues(Fixture fixture) {
        List<String> sentences = fixture.utterances();
        List<SidecarTranscript.Cue> cues = new ArrayList<>();
        for (int i = 0; i < fixture.speech().size(); i++) {
            TimeSpan s = fixture.speech().get(i);
            cues.add(
                    new SidecarTranscript.Cue(
                            Math.max(0, s.getStartUs() - 150_000),
                            s.getEndUs() + 150_000,
                            sentences.get(i)));
        }
        return new SidecarTranscript(cues, false);
    }

    /** Lower case letters, digits and apostrophes only. */
    public static String normalise(String word) {
        return word.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9']", "");
    }

    /** First and last sample louder than 1% of full scale, or null when all is quiet. */
    private static int[] audibleRange(short[] audio) {
        int threshold = 328;
        int first = -1;
        int last = -1;
        for (int i = 0; i < audio.length; i++) {
            if (Math.abs(audio[i]) > threshold) {
                if (first < 0) {
                    first = i;
                }
                last = i;
            }
        }
        return first < 0 ? null : new int[] {first, last + 1};
    }

    private static long toUs(long sample) {
        return sample * 1_000_000L / Wav16kMono.SAMPLE_RATE;
    }
}
