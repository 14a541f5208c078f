package io.clipstream.operators.speech.whisper;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Greedy decoding of one window with timestamp tokens, under the rules that make Whisper's
 * timestamps well formed: the first token is a timestamp no later than 1 s; timestamps come in
 * pairs that close one segment and open the next; they never go back; and when the timestamps
 * together are likelier than any single text token, a timestamp is taken.
 */
public final class GreedyDecoder {
    /** Logits of the next token after {@code tokens}. */
    @FunctionalInterface
    public interface Step {
        float[] next(int[] tokens);
    }

    /** A decoded token and its probability. */
    public record Token(int id, float probability) {}

    /** Latest first timestamp: 1 s, as Whisper. */
    static final int MAX_INITIAL_TIMESTAMP = WhisperConfig.POSITIONS_PER_SECOND;

    private final WhisperConfig config;

    public GreedyDecoder(WhisperConfig config) {
        this.config = config;
    }

    /** Decodes until end of text or {@code maxTokens}; returns the sampled tokens only. */
    public List<Token> decode(Step step, int maxTokens) {
        int[] prompt = config.startSequence();
        int[] tokens = Arrays.copyOf(prompt, prompt.length + maxTokens);
        int length = prompt.length;
        List<Token> out = new ArrayList<>();
        while (out.size() < maxTokens) {
            float[] logits = step.next(Arrays.copyOf(tokens, length));
            applyRules(logits, out);
            int best = argmax(logits);
            float probability = (float) softmaxAt(logits, best);
            out.add(new Token(best, probability));
            tokens[length++] = best;
            if (best == config.endOfText()) {
                break;
            }
        }
        return out;
    }

    /** Masks the logits (to -inf) that the rules forbid after the sampled tokens so far. */
    void applyRules(float[] logits, List<Token> sampled) {
        int tb = config.timestampBegin();
        // special tokens other than end-of-text and the timestamps are never sampled
        for (int id = config.textTokens(); id < tb; id++) {
            if (id != config.endOfText()) {
                logits[id] = Float.NEGATIVE_INFINITY;
            }
        }
        for (int id = config.lastTimestamp() + 1; id < logits.length; id++) {
            logits[id] = Float.NEGATIVE_INFINITY;
        }
        int n = sampled.size();
        boolean lastWasTimestamp = n >= 1 && sampled.get(n - 1).id() >= tb;
        boolean penultimateWasTimestamp = n < 2 || sampled.get(n - 2).id() >= tb;
        if (lastWasTimestamp) {
            if (penultimateWasTimestamp) {
                fill(logits, tb, logits.length);
            } else {
                fill(logits, 0, config.endOfText());
            }
        }
        int lastTimestamp = -1;
        for (int i = n - 1; i >= 0; i--) {
            if (sampled.get(i).id() >= tb) {
                lastTimestamp = sampled.get(i).id();
                break;
            }
        }
        if (lastTimestamp >= 0) {
            // a closing timestamp may equal the opening one; after a pair, time must move on
            int floor =
                    lastWasTimestamp && !penultimateWasTimestamp
                            ? lastTimestamp
                            : lastTimestamp + 1;
            fill(logits, tb, Math.min(floor, logits.length));
        }
        if (n == 0) {
            fill(logits, 0, tb);
            fill(logits, Math.min(logits.length, tb + MAX_INITIAL_TIMESTAMP + 1), logits.length);
        }
        double timestampMass = logSumExp(logits, tb, logits.length);
        double maxText = Double.NEGATIVE_INFINITY;
        for (int id = 0; id < tb; id++) {
            maxText = Math.max(maxText, logits[id]);
        }
        double all = logSumExp(logits, 0, logits.length);
        if (timestampMass - all > maxText - all) {
            fill(logits, 0, tb);
        }
    }

    private static void fill(float[] logits, int from, int to) {
        for (int i = Math.max(0, from); i < to; i++) {
            logits[i] = Float.NEGATIVE_INFINITY;
        }
    }

    static int argmax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }

    private static double logSumExp(float[] logits, int from, int to) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = from; i < to; i++) {
            max = Math.max(max, logits[i]);
        }
        if (max == Double.NEGATIVE_INFINITY) {
            return max;
        }
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += Math.exp(logits[i] - max);
        }
        return max + Math.log(sum);
    }

    private static double softmaxAt(float[] logits, int index) {
        return Math.exp(logits[index] - logSumExp(logits, 0, logits.length));
    }
}
