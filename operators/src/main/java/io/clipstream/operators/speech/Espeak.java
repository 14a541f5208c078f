package io.clipstream.operators.speech;

import com.sun.jna.Callback;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The espeak-ng speech synthesizer, called in-process through JNA. It speaks the project's speech
 * fixtures and reports where every word starts in the audio, which makes it the ground truth for
 * word timing. Debian package {@code espeak-ng}.
 */
public final class Espeak {
    /** One synthesized utterance: mono samples at {@link #sampleRate()} and its word starts. */
    public record Utterance(short[] samples, int sampleRate, List<WordMark> words) {}

    /** A word of the input text and the sample where the synthesizer started speaking it. */
    public record WordMark(String text, int startSample) {}

    private static final int AUDIO_OUTPUT_SYNCHRONOUS = 2;
    private static final int POS_CHARACTER = 1;
    private static final int CHARS_UTF8 = 1;
    private static final int PARAM_RATE = 1;
    private static final int PARAM_PITCH = 3;
    private static final int EVENT_LIST_TERMINATED = 0;
    private static final int EVENT_WORD = 1;
    private static final int EVENT_SIZE = 40;

    interface Lib extends Library {
        int espeak_Initialize(int output, int bufferMs, String path, int options);

        void espeak_SetSynthCallback(SynthCallback callback);

        int espeak_SetVoiceByName(String name);

        int espeak_SetParameter(int parameter, int value, int relative);

        int espeak_Synth(
                Pointer text,
                NativeLong size,
                int position,
                int positionType,
                int endPosition,
                int flags,
                Pointer uniqueIdentifier,
                Pointer userData);

        int espeak_Synchronize();
    }

    interface SynthCallback extends Callback {
        int invoke(Pointer wav, int samples, Pointer events);
    }

    private static Lib lib;
    private static int sampleRate;

    private Espeak() {}

    /** Whether libespeak-ng can be loaded on this machine. */
    public static synchronized boolean available() {
        try {
            load();
            return true;
        } catch (UnsatisfiedLinkError | IllegalStateException e) {
            return false;
        }
    }

    private static void load() {
        if (lib == null) {
            Lib loaded = Native.load("espeak-ng", Lib.class);
            int rate = loaded.espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 500, null, 0);
            if (rate <= 0) {
                throw new IllegalStateException("espeak-ng did not initialise: " + rate);
            }
            lib = loaded;
            sampleRate = rate;
        }
    }

    /**
     * Speaks the text with a voice (e.g. {@code en-us}, {@code en-us+m3}) at a rate in words per
     * minute and a pitch 0..99.
     */
    public static synchronized Utterance speak(
            String text, String voice, int wordsPerMinute, int pitch) {
        load();
        if (lib.espeak_SetVoiceByName(voice) != 0) {
            throw new IllegalArgumentException("espeak-ng has no voice " + voice);
        }
        lib.espeak_SetParameter(PARAM_RATE, wordsPerMinute, 0);
        lib.espeak_SetParameter(PARAM_PITCH, pitch, 0);
        byte[] utf8 = (text + "\0").getBytes(StandardCharsets.UTF_8);
        Memory buffer = new Memory(utf8.length);
        buffer.write(0, utf8, 0, utf8.length);
        ShortCollector samples = new ShortCollector();
        List<int[]> marks = new ArrayList<>();
        SynthCallback callback =
                (wav, count, events) -> {
                    if (wav != null && count > 0) {
                        samples.add(wav.getShortArray(0, count));
                    }
                    for (long offset = 0; ; offset += EVENT_SIZE) {
                        int type = events.getInt(offset);
                        if (type == EVENT_LIST_TERMINATED) {
                            break;
                        }
                        if (type == EVENT_WORD) {
                            marks.add(
                                    new int[] {
                                        events.getInt(offset + 8),
                                        events.getInt(offset + 12),
                                        events.getInt(offset + 20)
                                    });
                        }
                    }
                    return 0;
                };
        lib.espeak_SetSynthCallback(callback);
        int error =
                lib.espeak_Synth(
                        buffer,
                        new NativeLong(utf8.length),
                        0,
                        POS_CHARACTER,
                        0,
                        CHARS_UTF8,
                        null,
                        null);
        lib.espeak_Synchronize();
        if (error != 0) {
            throw new IllegalStateException("espeak-ng could not speak: error " + error);
        }
        List<WordMark> words = new ArrayList<>();
        int[] codePoints = text.codePoints().toArray();
        for (int[] mark : marks) {
            int from = Math.max(0, mark[0] - 1);
            int to = Math.min(codePoints.length, from + mark[1]);
            words.add(new WordMark(new String(codePoints, from, to - from), mark[2]));
        }
        return new Utterance(samples.toArray(), sampleRate, words);
    }

    private static final class ShortCollector {
        private short[] data = new short[1 << 16];
        private int size;

        void add(short[] more) {
            if (size + more.length > data.length) {
                data = java.util.Arrays.copyOf(data, Math.max(data.length * 2, size + more.length));
            }
            System.arraycopy(more, 0, data, size, more.length);
            size += more.length;
        }

        short[] toArray() {
            return java.util.Arrays.copyOf(data, size);
        }
    }
}
