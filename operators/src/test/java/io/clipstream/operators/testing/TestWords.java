package io.clipstream.operators.testing;

import io.clipstream.operators.speech.WordStream;
import io.clipstream.schemas.Word;
import java.util.ArrayList;
import java.util.List;

/** Word streams written as scripts, for tests of what is built on words. */
public final class TestWords {
    static final long WORD_US = 250_000;

    private TestWords() {}

    /**
     * The script's words, 250 ms each, one starting every {@code stepUs}; each "|" in the script
     * adds {@code pauseUs} of silence. Fillers and pauses are marked.
     */
    public static List<Word> spoken(String script, long stepUs, long pauseUs, float confidence) {
        List<Word> out = new ArrayList<>();
        long t = 0;
        for (String token : script.split(" ")) {
            if (token.equals("|")) {
                t += pauseUs;
                continue;
            }
            out.add(
                    Word.newBuilder()
                            .setText(token)
                            .setStartUs(t)
                            .setEndUs(t + WORD_US)
                            .setConfidence(confidence)
                            .build());
            t += stepUs;
        }
        return WordStream.mark(out);
    }
}
