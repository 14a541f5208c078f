package io.clipstream.operators.speech;

import java.io.Serializable;

/**
 * Which speech engine runs and where its model lives.
 *
 * @param engine {@code auto} (vosk), {@code vosk}, {@code whisper} or {@code none}; an upload with
 *     a transcript always uses the sidecar engine
 * @param whisperModel directory written by {@code tools/whisper-export.py}
 * @param voskModel a Vosk model directory; null or blank for the model bundled with clipstream
 * @param minPauseUs voice activity bridges shorter silences
 * @param overlapUs audio heard beyond each side of a segment
 */
public record SpeechSettings(
        String engine, String whisperModel, String voskModel, long minPauseUs, long overlapUs)
        implements Serializable {
    public static final SpeechSettings DEFAULT =
            new SpeechSettings("auto", null, null, 250_000, ChunkedSpeech.OVERLAP_US);

    public SpeechSettings withEngine(String name) {
        return new SpeechSettings(name, whisperModel, voskModel, minPauseUs, overlapUs);
    }
}
