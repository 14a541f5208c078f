package io.clipstream.operators.speech;

import java.io.Serializable;

/**
 * Which speech engine runs and where its model lives.
 *
 * @param engine {@code auto} (pocketsphinx when installed, else none), {@code pocketsphinx}, {@code
 *     whisper} or {@code none}; an upload with a transcript always uses the sidecar engine
 * @param whisperModel directory written by {@code tools/whisper-export.py}
 * @param sphinxModel PocketSphinx model directory (acoustic model, language model, dictionary)
 * @param minPauseUs voice activity bridges shorter silences
 * @param overlapUs audio heard beyond each side of a segment
 */
public record SpeechSettings(
        String engine, String whisperModel, String sphinxModel, long minPauseUs, long overlapUs)
        implements Serializable {
    public static final SpeechSettings DEFAULT =
            new SpeechSettings(
                    "auto",
                    null,
                    PocketSphinx.DEFAULT_MODEL.toString(),
                    250_000,
                    ChunkedSpeech.OVERLAP_US);

    public SpeechSettings withEngine(String name) {
        return new SpeechSettings(name, whisperModel, sphinxModel, minPauseUs, overlapUs);
    }
}
