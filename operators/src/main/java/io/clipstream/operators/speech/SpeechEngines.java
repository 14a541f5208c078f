package io.clipstream.operators.speech;

import io.clipstream.operators.speech.whisper.WhisperEngine;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the configured speech engine. */
public final class SpeechEngines {
    private static final Logger LOG = LoggerFactory.getLogger(SpeechEngines.class);

    public static final List<String> NAMES =
            List.of("auto", VoskEngine.NAME, WhisperEngine.NAME, VoiceActivityEngine.NAME);

    private SpeechEngines() {}

    /**
     * Opens the engine the settings name. {@code auto} is Vosk; where Vosk cannot load it falls
     * back to voice activity only, with one log line saying why. An engine named explicitly that
     * cannot run is an error.
     */
    public static SpeechEngine open(SpeechSettings settings) throws IOException {
        String name = settings.engine().toLowerCase(Locale.ROOT);
        switch (name) {
            case "auto":
                try {
                    return new VoskEngine(settings.voskModel(), settings.minPauseUs());
                } catch (IOException | RuntimeException | LinkageError e) {
                    LOG.warn(
                            "No speech recogniser available, so no words: speech spans and pauses only (engine none). Vosk: {}",
                            e.getMessage());
                    return new VoiceActivityEngine(settings.minPauseUs());
                }
            case VoskEngine.NAME:
                return new VoskEngine(settings.voskModel(), settings.minPauseUs());
            case WhisperEngine.NAME:
                if (settings.whisperModel() == null || settings.whisperModel().isBlank()) {
                    throw new IOException(
                            "the whisper engine needs a model directory made by tools/whisper-export.py (clipstream transcribe --whisper-model DIR, or clipstream.speech.whisper.model-dir)");
                }
                return new WhisperEngine(Path.of(settings.whisperModel()), settings.minPauseUs());
            case VoiceActivityEngine.NAME:
                LOG.info("Speech engine none: speech spans and pauses only, no words.");
                return new VoiceActivityEngine(settings.minPauseUs());
            default:
                throw new IOException(
                        "unknown speech engine '" + settings.engine() + "'; use one of " + NAMES);
        }
    }

    /** The engine for an upload's own transcript: aligned with the Vosk model the settings name. */
    public static SidecarEngine sidecar(SidecarTranscript transcript, SpeechSettings settings) {
        return new SidecarEngine(transcript, true, settings.voskModel(), settings.minPauseUs());
    }
}
