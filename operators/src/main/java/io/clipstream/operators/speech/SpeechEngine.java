package io.clipstream.operators.speech;

import java.io.IOException;

/**
 * Turns 16 kHz mono audio into words with times. Implementations are selected by name through
 * {@link SpeechEngines}; one instance serves one thread and holds its model until closed.
 */
public interface SpeechEngine extends AutoCloseable {
    /** The name configuration selects this engine by: vosk, whisper, sidecar, none. */
    String name();

    /**
     * Transcribes {@code samples}, whose first sample lies at {@code startUs} on the video
     * timeline. Word and span times are on that timeline.
     */
    Transcript transcribe(short[] samples, long startUs) throws IOException;

    /**
     * The words of the utterances that overlap {@code [fromUs, toUs)}, each decoded whole from the
     * audio given, which reaches further on both sides. A segment and the whole file then decode
     * the same audio for every utterance the segment touches, and so find the same words. Engines
     * that decode fixed windows transcribe everything given.
     */
    default Transcript transcribe(short[] samples, long startUs, long fromUs, long toUs)
            throws IOException {
        return transcribe(samples, startUs);
    }

    @Override
    default void close() {}
}
