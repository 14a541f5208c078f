package io.clipstream.cli;

import io.clipstream.operators.speech.SidecarEngine;
import io.clipstream.operators.speech.SpeechEngine;
import io.clipstream.operators.speech.SpeechFixtures;
import io.clipstream.operators.speech.SpeechMetrics;
import io.clipstream.operators.speech.SpeechSettings;
import io.clipstream.operators.speech.Transcript;
import io.clipstream.operators.speech.VoiceActivityEngine;
import io.clipstream.operators.speech.VoskEngine;
import io.clipstream.operators.speech.whisper.WhisperEngine;
import io.clipstream.schemas.TimeSpan;
import io.clipstream.schemas.Word;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Every speech engine available here on the project's own fixtures: word error rate, median
 * absolute word-start error, speech onset and offset error, and speed as a multiple of real time
 * (recognisers after a warm-up pass; a sidecar engine is opened per fixture and timed cold).
 */
final class SpeechBenchmark {
    /** What one engine did over all fixtures. */
    record Row(
            String engine,
            double wer,
            long medianStartUs,
            long medianOnsetUs,
            long medianOffsetUs,
            double xRealtime,
            String note) {}

    @FunctionalInterface
    interface EngineFactory {
        SpeechEngine open(SpeechFixtures.Fixture fixture) throws IOException;
    }

    private final List<SpeechFixtures.Fixture> fixtures;

    SpeechBenchmark(List<SpeechFixtures.Fixture> fixtures) {
        this.fixtures = fixtures;
    }

    List<Row> run(Path whisperModel) throws IOException {
        long minPause = SpeechSettings.DEFAULT.minPauseUs();
        List<Row> rows = new ArrayList<>();
        rows.add(measure("none (voice activity)", f -> new VoiceActivityEngine(minPause), false));
        try (VoskEngine shared = new VoskEngine(null, minPause)) {
            rows.add(measure("vosk (bundled small en-us)", f -> unclosable(shared), true));
        }
        rows.add(
                measure(
                        "sidecar, aligned by vosk",
                        f ->
                                new SidecarEngine(
                                        SpeechFixtures.captionerCues(f), true, null, minPause),
                        false));
        rows.add(
                measure(
                        "sidecar, timed by syllables",
                        f ->
                                new SidecarEngine(
                                        SpeechFixtures.captionerCues(f), false, null, minPause),
                        false));
        if (whisperModel != null) {
            try (WhisperEngine whisper = new WhisperEngine(whisperModel, minPause)) {
                rows.add(
                        measure(
                                "whisper (" + whisperModel.getFileName() + ")",
                                f -> unclosable(whisper),
                                true));
            }
        } else {
            rows.add(
                    new Row(
                            "whisper",
                            -1,
                            -1,
                            -1,
                            -1,
                            0,
                            "not measured: no model here (give --whisper-model DIR, made by tools/whisper-export.py)"));
        }
        return rows;
    }

    private Row measure(String name, EngineFactory factory, boolean recognises) throws IOException {
        List<String> reference = new ArrayList<>();
        List<String> hypothesis = new ArrayList<>();
        List<Long> startErrors = new ArrayList<>();
        List<Long> onsetErrors = new ArrayList<>();
        List<Long> offsetErrors = new ArrayList<>();
        long nanos = 0;
        long audioUs = 0;
        if (recognises) {
            // a shared recogniser fills its decoding-graph caches on its first utterances; time it
            // warm, as a task slot that has been running a while is
            for (SpeechFixtures.Fixture f : fixtures) {
                try (SpeechEngine engine = factory.open(f)) {
                    engine.transcribe(f.samples(), 0);
                }
            }
        }
        for (SpeechFixtures.Fixture f : fixtures) {
            Transcript t;
            try (SpeechEngine engine = factory.open(f)) {
                long begin = System.nanoTime();
                t = engine.transcribe(f.samples(), 0);
                nanos += System.nanoTime() - begin;
            }
            audioUs += f.durationUs();
            reference.addAll(f.script());
            t.words().forEach(w -> hypothesis.add(w.getText().toString()));
            startErrors.addAll(startErrors(f, t.words()));
            List<Long> edges = edgeErrors(f.speech(), t.speech());
            for (int i = 0; i < edges.size(); i += 2) {
                onsetErrors.add(edges.get(i));
                offsetErrors.add(edges.get(i + 1));
            }
        }
        double wer = recognises ? SpeechMetrics.wordErrorRate(reference, hypothesis) : -1;
        return new Row(
                name,
                wer,
                startErrors.isEmpty() ? -1 : median(startErrors),
                median(onsetErrors),
                median(offsetErrors),
                audioUs / 1e6 / Math.max(1e-9, nanos / 1e9),
                "");
    }

    private static List<Long> startErrors(SpeechFixtures.Fixture f, List<Word> words) {
        List<Long> out = new ArrayList<>();
        var matches =
                SpeechMetrics.matches(
                        f.words().stream().map(SpeechFixtures.TruthWord::text).toList(),
                        words.stream().map(w -> w.getText().toString()).toList());
        for (var m : matches) {
            out.add(
                    Math.abs(
                            words.get(m.hypothesis()).getStartUs()
                                    - f.words().get(m.reference()).startUs()));
        }
        return out;
    }

    /** |onset error| and |offset error| of each true utterance against the nearest found span. */
    private static List<Long> edgeErrors(List<TimeSpan> truth, List<TimeSpan> found) {
        List<Long> out = new ArrayList<>();
        for (TimeSpan t : truth) {
            TimeSpan best = null;
            for (TimeSpan s : found) {
                if (best == null
                        || Math.abs(s.getStartUs() - t.getStartUs())
                                < Math.abs(best.getStartUs() - t.getStartUs())) {
                    best = s;
                }
            }
            if (best != null) {
                out.add(Math.abs(best.getStartUs() - t.getStartUs()));
                out.add(Math.abs(best.getEndUs() - t.getEndUs()));
            }
        }
        return out;
    }

    private static long median(List<Long> values) {
        if (values.isEmpty()) {
            return -1;
        }
        long[] sorted = values.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static SpeechEngine unclosable(SpeechEngine engine) {
        return new SpeechEngine() {
            @Override
            public String name() {
                return engine.name();
            }

            @Override
            public Transcript transcribe(short[] samples, long startUs) throws IOException {
                return engine.transcribe(samples, startUs);
            }
        };
    }

    static void print(List<Row> rows, PrintStream out) {
        out.printf(
                Locale.ROOT,
                "%-34s %6s %14s %14s %12s %10s%n",
                "engine",
                "WER",
                "word start",
                "speech onset",
                "speech offset",
                "x realtime");
        for (Row r : rows) {
            if (!r.note().isEmpty()) {
                out.printf(Locale.ROOT, "%-34s %s%n", r.engine(), r.note());
                continue;
            }
            out.printf(
                    Locale.ROOT,
                    "%-34s %6s %14s %14s %12s %9.1fx%n",
                    r.engine(),
                    r.wer() < 0 ? "-" : String.format(Locale.ROOT, "%.0f%%", 100 * r.wer()),
                    r.medianStartUs() < 0
                            ? "-"
                            : String.format(Locale.ROOT, "%.3f s", r.medianStartUs() / 1e6),
                    String.format(Locale.ROOT, "%.3f s", r.medianOnsetUs() / 1e6),
                    String.format(Locale.ROOT, "%.3f s", r.medianOffsetUs() / 1e6),
                    r.xRealtime());
        }
    }
}
