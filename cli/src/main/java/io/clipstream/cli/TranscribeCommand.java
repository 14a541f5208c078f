package io.clipstream.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.clipstream.operators.analysis.ReadableText;
import io.clipstream.operators.media.AudioExtractor;
import io.clipstream.operators.media.MediaLimits;
import io.clipstream.operators.media.MediaProbe;
import io.clipstream.operators.media.MediaRejectedException;
import io.clipstream.operators.media.Wav16kMono;
import io.clipstream.operators.speech.SidecarTranscript;
import io.clipstream.operators.speech.SpeechEngine;
import io.clipstream.operators.speech.SpeechEngines;
import io.clipstream.operators.speech.SpeechSettings;
import io.clipstream.operators.speech.Transcript;
import io.clipstream.operators.speech.WordStream;
import io.clipstream.schemas.TimeSpan;
import io.clipstream.schemas.Word;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code clipstream transcribe FILE}: words with times of a local video or audio file. */
@Command(
        name = "transcribe",
        mixinStandardHelpOptions = true,
        description =
                "Transcribe a local video or audio file: words with times, fillers, speech spans.")
class TranscribeCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "Video or audio file.")
    Path file;

    @Option(
            names = "--engine",
            defaultValue = "auto",
            description = "auto, vosk, whisper, none or sidecar (default: ${DEFAULT-VALUE}).")
    String engine;

    @Option(
            names = "--transcript",
            paramLabel = "FILE",
            description =
                    "Your own transcript (SRT, WebVTT or JSON words) to align; implies --engine sidecar.")
    Path transcript;

    @Option(
            names = "--whisper-model",
            paramLabel = "DIR",
            description = "Directory from tools/whisper-export.py.")
    Path whisperModel;

    @Option(
            names = "--vosk-model",
            paramLabel = "DIR",
            description = "A Vosk model directory (default: the bundled small US English model).")
    Path voskModel;

    @Option(names = "--json", description = "Print one JSON object on stdout.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        return ResultStream.run(
                out -> {
                    if (!Files.isRegularFile(file)) {
                        System.err.println("clipstream: " + file + ": no such file");
                        return 2;
                    }
                    if (engine.equals("sidecar") && transcript == null) {
                        System.err.println("clipstream: --engine sidecar needs --transcript FILE");
                        return 2;
                    }
                    SpeechSettings settings =
                            new SpeechSettings(
                                    engine,
                                    whisperModel == null ? null : whisperModel.toString(),
                                    voskModel == null ? null : voskModel.toString(),
                                    SpeechSettings.DEFAULT.minPauseUs(),
                                    SpeechSettings.DEFAULT.overlapUs());
                    short[] samples;
                    try {
                        samples = audio(file);
                    } catch (MediaRejectedException e) {
                        System.err.println(
                                "clipstream: " + file + ": " + e.reason() + ": " + e.getMessage());
                        return 1;
                    } catch (IOException e) {
                        System.err.println("clipstream: " + file + ": " + e.getMessage());
                        return 1;
                    }
                    Transcript result;
                    try (SpeechEngine speech =
                            transcript != null
                                    ? SpeechEngines.sidecar(
                                            SidecarTranscript.read(transcript), settings)
                                    : SpeechEngines.open(settings)) {
                        result = speech.transcribe(samples, 0);
                    } catch (IOException | IllegalStateException e) {
                        System.err.println("clipstream: " + e.getMessage());
                        return 1;
                    }
                    List<Word> words = WordStream.mark(new ArrayList<>(result.words()));
                    if (json) {
                        out.println(
                                new ObjectMapper()
                                        .writeValueAsString(
                                                toJson(result.engine(), words, result.speech())));
                    } else {
                        printText(result.engine(), words, result.speech(), out);
                    }
                    return 0;
                });
    }

    /** 16 kHz mono samples on the file's timeline: a video's starts at its first frame. */
    static short[] audio(Path file) throws IOException, MediaRejectedException {
        io.clipstream.operators.media.FFmpegLogging.quiet();
        long startPtsUs = 0;
        long durationUs;
        boolean hasVideo;
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
            grabber.start();
            hasVideo = grabber.hasVideo();
            durationUs = grabber.getLengthInTime();
            if (!grabber.hasAudio()) {
                throw new IOException("has no audio stream");
            }
        } catch (FFmpegFrameGrabber.Exception e) {
            throw new IOException("not a media file FFmpeg can read (" + e.getMessage() + ")", e);
        }
        if (hasVideo) {
            var facts = MediaProbe.probe(file, MediaLimits.DEFAULT).facts();
            startPtsUs = facts.getStartPtsUs();
            durationUs = facts.getDurationUs();
        }
        if (durationUs <= 0 || durationUs > MediaLimits.DEFAULT.maxDurationUs()) {
            throw new IOException(
                    "duration " + durationUs / 1e6 + " s is outside what clipstream accepts");
        }
        Path wav = Files.createTempFile("transcribe-", ".wav");
        try {
            AudioExtractor.extract(file, startPtsUs, durationUs, wav);
            return Wav16kMono.read(wav, 0, Wav16kMono.sampleCount(wav));
        } finally {
            Files.deleteIfExists(wav);
        }
    }

    static Map<String, Object> toJson(String engine, List<Word> words, List<TimeSpan> speech) {
        List<Map<String, Object>> w = new ArrayList<>();
        for (Word word : words) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("text", word.getText().toString());
            m.put("start", seconds(word.getStartUs()));
            m.put("end", seconds(word.getEndUs()));
            m.put("confidence", Math.round(word.getConfidence() * 1000) / 1000.0);
            m.put("filler", word.getFiller());
            w.add(m);
        }
        List<Map<String, Object>> s = new ArrayList<>();
        for (TimeSpan span : speech) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("start", seconds(span.getStartUs()));
            m.put("end", seconds(span.getEndUs()));
            s.add(m);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("engine", engine);
        root.put("text", ReadableText.of(words));
        root.put("words", w);
        root.put("speech", s);
        return root;
    }

    private static double seconds(long us) {
        return Math.round(us / 1000.0) / 1000.0;
    }

    private static void printText(
            String engine, List<Word> words, List<TimeSpan> speech, PrintStream out) {
        out.printf(
                Locale.ROOT,
                "engine %s: %d words, %d speech spans%n",
                engine,
                words.size(),
                speech.size());
        if (!words.isEmpty()) {
            out.printf(Locale.ROOT, "%s%n%n", ReadableText.of(words));
        }
        for (TimeSpan span : speech) {
            StringBuilder line = new StringBuilder();
            for (Word w : words) {
                long middle = (w.getStartUs() + w.getEndUs()) / 2;
                if (middle >= span.getStartUs() && middle < span.getEndUs()) {
                    line.append(line.length() == 0 ? "" : " ")
                            .append(w.getFiller() ? "(" + w.getText() + ")" : w.getText());
                }
            }
            out.printf(
                    Locale.ROOT,
                    "%8.2f %8.2f  %s%n",
                    span.getStartUs() / 1e6,
                    span.getEndUs() / 1e6,
                    line);
        }
    }
}
