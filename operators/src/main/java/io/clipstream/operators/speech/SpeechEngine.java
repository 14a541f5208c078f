package io.clipstream.operators.speech;

import java.io.IOException;

/**
 * Turns 16 kHz mono audio into words with times. Implementations are selected by name through
 * {@link SpeechEngines}; one instance serves one thread and holds its model until closed.
 */
public interface SpeechEngine extends AutoCloseable {
    /** The name configuration selects this engine by: whisper, pocketsphinx, sidecar, none. */
    String name();

    /**
     * Transcribes {@code samples}, whose first sample lies at {@code startUs} on the video
     * timeline. Word and span times are on that timeline.
     */
    Transcript transcribe(short[] samples, long startUs) throws IOException;

    @Override
    default void close() {}
}
