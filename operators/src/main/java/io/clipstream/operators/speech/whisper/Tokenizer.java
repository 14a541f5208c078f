package io.clipstream.operators.speech.whisper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

/**
 * Whisper's byte-level BPE vocabulary in tiktoken's file format (one {@code base64 rank} pair a
 * line). Decoding needs only the id to bytes table; ids from {@code textTokens} up are special.
 */
public final class Tokenizer {
    private final byte[][] tokens;

    private Tokenizer(byte[][] tokens) {
        this.tokens = tokens;
    }

    public static Tokenizer read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("no tokenizer.tiktoken in the whisper model directory");
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
        byte[][] tokens = new byte[lines.size()][];
        int count = 0;
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            String[] parts = line.trim().split(" ");
            int rank = Integer.parseInt(parts[1]);
            if (rank < 0 || rank >= tokens.length) {
                throw new IOException("token rank " + rank + " outside the vocabulary");
            }
            tokens[rank] = Base64.getDecoder().decode(parts[0]);
            count++;
        }
        return new Tokenizer(java.util.Arrays.copyOf(tokens, count));
    }

    public int size() {
        return tokens.length;
    }

    /** The bytes of a text token; empty for special tokens. */
    public byte[] bytes(int token) {
        return token >= 0 && token < tokens.length ? tokens[token] : new byte[0];
    }

    /** Whether the token starts a new word (its text begins with a space). */
    public boolean startsWord(int token) {
        byte[] b = bytes(token);
        return b.length > 0 && b[0] == ' ';
    }

    /** The UTF-8 text of a run of text tokens. */
    public String decode(List<Integer> ids) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int id : ids) {
            out.writeBytes(bytes(id));
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
