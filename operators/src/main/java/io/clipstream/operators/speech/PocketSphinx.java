package io.clipstream.operators.speech;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.StringArray;
import com.sun.jna.ptr.IntByReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * CMU PocketSphinx (the Debian packages {@code pocketsphinx} and {@code pocketsphinx-en-us}) called
 * in-process through JNA. One instance is one decoder: not thread-safe, close it when done.
 */
final class PocketSphinx implements AutoCloseable {
    /** A recognised word with its frame range (10 ms frames) and posterior probability. */
    record Segment(String word, int startFrame, int endFrame, double posterior) {}

    static final int FRAMES_PER_SECOND = 100;
    static final Path DEFAULT_MODEL = Path.of("/usr/share/pocketsphinx/model/en-us");

    interface Lib extends Library {
        Pointer ps_args();

        Pointer cmd_ln_parse_r(
                Pointer config, Pointer definitions, int argc, StringArray argv, int strict);

        int cmd_ln_free_r(Pointer config);

        Pointer ps_init(Pointer config);

        int ps_free(Pointer decoder);

        int ps_start_utt(Pointer decoder);

        int ps_process_raw(
                Pointer decoder, short[] data, long samples, int noSearch, int fullUtterance);

        int ps_end_utt(Pointer decoder);

        Pointer ps_seg_iter(Pointer decoder);

        Pointer ps_seg_next(Pointer segment);

        String ps_seg_word(Pointer segment);

        void ps_seg_frames(Pointer segment, IntByReference start, IntByReference end);

        int ps_seg_prob(
                Pointer segment,
                IntByReference acoustic,
                IntByReference language,
                IntByReference backoff);

        void ps_seg_free(Pointer segment);

        Pointer ps_get_logmath(Pointer decoder);

        int ps_set_jsgf_string(Pointer decoder, String name, String grammar);

        int ps_set_search(Pointer decoder, String name);

        String ps_lookup_word(Pointer decoder, String word);

        int ps_start_stream(Pointer decoder);
    }

    interface LogMath extends Library {
        double logmath_exp(Pointer logmath, int value);
    }

    private static Lib lib;
    private static LogMath logMath;
    private static Throwable loadFailure;

    private final Pointer config;
    private final Pointer decoder;
    private String search = "_default";

    private PocketSphinx(Pointer config, Pointer decoder) {
        this.config = config;
        this.decoder = decoder;
    }

    /** Why the engine cannot run here, or null when it can with the model directory given. */
    static synchronized String unavailableReason(Path model) {
        try {
            load();
        } catch (Throwable e) {
            return "libpocketsphinx.so.3 cannot be loaded ("
                    + e.getMessage()
                    + "); install the Debian packages pocketsphinx and pocketsphinx-en-us";
        }
        for (String file : new String[] {"en-us", "en-us.lm.bin", "cmudict-en-us.dict"}) {
            if (!Files.exists(model.resolve(file))) {
                return "the pocketsphinx model directory "
                        + model
                        + " has no "
                        + file
                        + "; install the Debian package pocketsphinx-en-us";
            }
        }
        return null;
    }

    private static void load() {
        if (loadFailure != null) {
            throw new IllegalStateException(loadFailure.getMessage(), loadFailure);
        }
        if (lib == null) {
            try {
                lib = Native.load("libpocketsphinx.so.3", Lib.class);
                logMath = Native.load("libsphinxbase.so.3", LogMath.class);
            } catch (Throwable e) {
                loadFailure = e;
                throw e;
            }
        }
    }

    /** Opens a decoder on the model directory (acoustic model, language model, dictionary). */
    static synchronized PocketSphinx open(Path model) {
        String reason = unavailableReason(model);
        if (reason != null) {
            throw new IllegalStateException(reason);
        }
        String[] argv = {
            "-hmm",
            model.resolve("en-us").toString(),
            "-lm",
            model.resolve("en-us.lm.bin").toString(),
            "-dict",
            model.resolve("cmudict-en-us.dict").toString(),
            "-samprate",
            "16000",
            "-logfn",
            "/dev/null",
            "-bestpath",
            "yes",
            // cepstral mean from each utterance alone (see decode), so a word decodes the same in
            // any segment
            "-cmn",
            "batch"
        };
        Pointer config =
                lib.cmd_ln_parse_r(null, lib.ps_args(), argv.length, new StringArray(argv), 1);
        if (config == null) {
            throw new IllegalStateException("pocketsphinx rejected its configuration");
        }
        Pointer decoder = lib.ps_init(config);
        if (decoder == null) {
            lib.cmd_ln_free_r(config);
            throw new IllegalStateException("pocketsphinx could not load the model in " + model);
        }
        return new PocketSphinx(config, decoder);
    }

    /** Whether the dictionary knows the word (lower case). */
    boolean knows(String word) {
        return lib.ps_lookup_word(decoder, word) != null;
    }

    /** Decodes with the language model (free speech). */
    void useLanguageModel() {
        select("_default");
    }

    /**
     * Decodes against a grammar that accepts exactly this word sequence, for forced alignment. The
     * words must be in the dictionary.
     */
    void useWordSequence(List<String> words) {
        StringBuilder rule = new StringBuilder("#JSGF V1.0;\ngrammar align;\npublic <utt> =");
        for (String word : words) {
            rule.append(' ').append(word);
        }
        rule.append(";\n");
        if (lib.ps_set_jsgf_string(decoder, "align", rule.toString()) != 0) {
            throw new IllegalStateException("pocketsphinx rejected the alignment grammar");
        }
        search = "align";
        if (lib.ps_set_search(decoder, "align") != 0) {
            throw new IllegalStateException(
                    "pocketsphinx could not switch to the alignment grammar");
        }
    }

    private void select(String name) {
        if (!name.equals(search)) {
            if (lib.ps_set_search(decoder, name) != 0) {
                throw new IllegalStateException("pocketsphinx has no search " + name);
            }
            search = name;
        }
    }

    /** Decodes one utterance of 16 kHz mono samples and returns its segments, fillers included. */
    List<Segment> decode(short[] samples, int from, int to) {
        // Segment times count from the start of the stream: one stream per utterance.
        if (lib.ps_start_stream(decoder) != 0 || lib.ps_start_utt(decoder) != 0) {
            throw new IllegalStateException("pocketsphinx could not start an utterance");
        }
        // The whole utterance in one call (full_utt): the cepstral mean is then the utterance's
        // own, and nothing carries over from earlier utterances.
        short[] utterance = java.util.Arrays.copyOfRange(samples, from, to);
        if (lib.ps_process_raw(decoder, utterance, utterance.length, 0, 1) < 0) {
            lib.ps_end_utt(decoder);
            throw new IllegalStateException("pocketsphinx failed on the audio");
        }
        lib.ps_end_utt(decoder);

        List<Segment> out = new ArrayList<>();
        Pointer logmath = lib.ps_get_logmath(decoder);
        IntByReference start = new IntByReference();
        IntByReference end = new IntByReference();
        IntByReference acoustic = new IntByReference();
        IntByReference language = new IntByReference();
        IntByReference backoff = new IntByReference();
        for (Pointer seg = lib.ps_seg_iter(decoder); seg != null; seg = lib.ps_seg_next(seg)) {
            lib.ps_seg_frames(seg, start, end);
            int logPosterior = lib.ps_seg_prob(seg, acoustic, language, backoff);
            double posterior = Math.min(1, Math.max(0, logMath.logmath_exp(logmath, logPosterior)));
            out.add(
                    new Segment(
                            lib.ps_seg_word(seg), start.getValue(), end.getValue() + 1, posterior));
        }
        return out;
    }

    @Override
    public synchronized void close() {
        lib.ps_free(decoder);
        lib.cmd_ln_free_r(config);
    }
}
