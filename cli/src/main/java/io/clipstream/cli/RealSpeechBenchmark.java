package io.clipstream.cli;

import io.clipstream.operators.media.MediaRejectedException;
import io.clipstream.operators.speech.SpeechEngine;
import io.clipstream.operators.speech.SpeechMetrics;
import io.clipstream.operators.speech.Transcript;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Speech engines on real recordings with reference texts: the read speech ({@code speech/*.wav})
 * and the GRID talking heads ({@code talking/*.mpg}) of the project's real media. Word error rate
 * per recording and pooled per set, numbers compared by value; speed as a multiple of real time on
 * one core, after one warm-up pass over the set.
 */
final class RealSpeechBenchmark {
    /** One recording: its 16 kHz samples and reference words. */
    record Recording(String set, String name, short[] samples, List<String> reference) {
        double seconds() {
            return samples.length / 16_000.0;
        }
    }

    /** What one engine did on one set. */
    record Row(
            String engine,
            String set,
            int errors,
            int words,
            double xRealtime,
            List<String> perRecording) {
        double wer() {
            return words == 0 ? 0 : (double) errors / words;
        }
    }

    private final List<Recording> recordings;

    RealSpeechBenchmark(List<Recording> recordings) {
        this.recordings = recordings;
    }

    /** The recordings under {@code dir}: each media file with a {@code .txt} of the same name. */
    static List<Recording> load(Path dir) throws IOException, MediaRejectedException {
        List<Recording> out = new ArrayList<>();
        for (String set : List.of("speech", "talking")) {
            Path sub = dir.resolve(set);
            if (!Files.isDirectory(sub)) {
                continue;
            }
            List<Path> media;
            try (Stream<Path> files = Files.list(sub)) {
                media =
                        files.filter(p -> p.toString().matches(".*\\.(wav|mpg)$"))
                                .sorted()
                                .toList();
            }
            for (Path file : media) {
                String name = file.getFileName().toString().replaceAll("\\.[^.]+$", "");
                Path text = sub.resolve(name + ".txt");
                if (!Files.isRegularFile(text)) {
                    continue;
                }
                out.add(
                        new Recording(
                                set,
                                name,
                                TranscribeCommand.audio(file),
                                List.of(Files.readString(text).trim().split("\\s+"))));
            }
        }
        return out;
    }

    /** The engine over every recording; one row per set. */
    List<Row> measure(String engineName, SpeechEngine engine) throws IOException {
        for (Recording r : recordings) {
            engine.transcribe(r.samples(), 0); // warm-up: caches of the decoding graph
        }
        List<Row> rows = new ArrayList<>();
        for (String set : List.of("speech", "talking")) {
            int errors = 0;
            int words = 0;
            double audio = 0;
            long nanos = 0;
            List<String> per = new ArrayList<>();
            for (Recording r : recordings) {
                if (!r.set().equals(set)) {
                    continue;
                }
                long begin = System.nanoTime();
                Transcript t = engine.transcribe(r.samples(), 0);
                nanos += System.nanoTime() - begin;
                audio += r.seconds();
                List<String> ref = SpeechMetrics.normalise(r.reference());
                List<String> hyp =
                        SpeechMetrics.normalise(
                                t.words().stream().map(w -> w.getText().toString()).toList());
                int e = (int) Math.round(SpeechMetrics.wordErrorRate(ref, hyp) * ref.size());
                errors += e;
                words += ref.size();
                per.add(
                        String.format(
                                Locale.ROOT,
                                "%s %d/%d: %s",
                                r.name(),
                                e,
                                ref.size(),
                                String.join(" ", hyp)));
            }
            if (words > 0) {
                rows.add(new Row(engineName, set, errors, words, audio / (nanos / 1e9), per));
            }
        }
        return rows;
    }

    static void print(List<Row> rows, PrintStream out, boolean details) {
        out.printf(
                Locale.ROOT,
                "%-34s %-8s %8s %14s %10s%n",
                "engine",
                "set",
                "WER",
                "errors/words",
                "x realtime");
        for (Row r : rows) {
            out.printf(
                    Locale.ROOT,
                    "%-34s %-8s %7.1f%% %14s %9.1fx%n",
                    r.engine(),
                    r.set(),
                    100 * r.wer(),
                    r.errors() + "/" + r.words(),
                    r.xRealtime());
            if (details) {
                r.perRecording().forEach(line -> out.println("    " + line));
            }
        }
    }

    static String describe(List<Recording> recordings) {
        double[] seconds = new double[2];
        int[] count = new int[2];
        for (Recording r : recordings) {
            int k = r.set().equals("speech") ? 0 : 1;
            seconds[k] += r.seconds();
            count[k]++;
        }
        return String.format(
                Locale.ROOT,
                "%d read-speech recordings (%.1f s: LJ Speech, LibriSpeech incl. one 8 kHz) and %d GRID"
                        + " talking heads (%.1f s)",
                count[0],
                seconds[0],
                count[1],
                seconds[1]);
    }
}
