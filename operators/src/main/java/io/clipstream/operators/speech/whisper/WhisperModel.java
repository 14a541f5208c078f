package io.clipstream.operators.speech.whisper;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A Whisper encoder and decoder exported to TorchScript by {@code tools/whisper-export.py}, run by
 * DJL's PyTorch engine on the GPU when one is present. Nothing is downloaded.
 */
public final class WhisperModel implements AutoCloseable {
    private final WhisperConfig config;
    private final Tokenizer tokenizer;
    private final Model encoder;
    private final Model decoder;
    private final Device device;

    private WhisperModel(
            WhisperConfig config,
            Tokenizer tokenizer,
            Model encoder,
            Model decoder,
            Device device) {
        this.config = config;
        this.tokenizer = tokenizer;
        this.encoder = encoder;
        this.decoder = decoder;
        this.device = device;
    }

    /** Loads {@code encoder.pt}, {@code decoder.pt}, {@code config.json} and the tokenizer. */
    public static WhisperModel load(Path directory) throws IOException {
        for (String file : new String[] {"encoder.pt", "decoder.pt"}) {
            if (!Files.isRegularFile(directory.resolve(file))) {
                throw new IOException(
                        "the whisper model directory "
                                + directory
                                + " has no "
                                + file
                                + "; create it with tools/whisper-export.py");
            }
        }
        WhisperConfig config = WhisperConfig.read(directory);
        Tokenizer tokenizer = Tokenizer.read(directory.resolve("tokenizer.tiktoken"));
        if (tokenizer.size() != config.textTokens()) {
            throw new IOException(
                    "tokenizer has "
                            + tokenizer.size()
                            + " tokens, config.json says "
                            + config.textTokens());
        }
        Device device = Engine.getEngine("PyTorch").getGpuCount() > 0 ? Device.gpu() : Device.cpu();
        Model encoder = Model.newInstance("whisper-encoder", device, "PyTorch");
        Model decoder = Model.newInstance("whisper-decoder", device, "PyTorch");
        try {
            encoder.load(directory, "encoder");
            decoder.load(directory, "decoder");
        } catch (MalformedModelException | RuntimeException e) {
            encoder.close();
            decoder.close();
            throw new IOException(
                    "could not load the whisper model in " + directory + ": " + e.getMessage(), e);
        }
        return new WhisperModel(config, tokenizer, encoder, decoder, device);
    }

    public WhisperConfig config() {
        return config;
    }

    public Tokenizer tokenizer() {
        return tokenizer;
    }

    /** One window's work: its encoded audio stays on the device until the window is closed. */
    public Window window(float[][] mel) {
        NDManager manager = encoder.getNDManager().newSubManager(device);
        try {
            int frames = mel[0].length;
            float[] flat = new float[mel.length * frames];
            for (int m = 0; m < mel.length; m++) {
                System.arraycopy(mel[m], 0, flat, m * frames, frames);
            }
            NDArray input = manager.create(flat, new Shape(1, mel.length, frames));
            NDArray features =
                    encoder.getBlock()
                            .forward(new ParameterStore(manager, false), new NDList(input), false)
                            .singletonOrThrow();
            return new Window(manager, features);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** Decoder calls against one window's encoded audio. */
    public final class Window implements AutoCloseable {
        private final NDManager manager;
        private final NDArray features;

        private Window(NDManager manager, NDArray features) {
            this.manager = manager;
            this.features = features;
        }

        /** The encoder's output, {@code [positions * state]} flattened. */
        public float[] features() {
            return features.toFloatArray();
        }

        /** Logits of the token after {@code tokens}. */
        public float[] next(int[] tokens) {
            try (NDManager step = manager.newSubManager()) {
                NDList out = run(step, tokens);
                NDArray logits = out.get(0);
                long length = logits.getShape().get(1);
                return logits.get(0).get(length - 1).toFloatArray();
            }
        }

        /**
         * Cross-attention logits {@code [layer][head][token][position]} over the token sequence.
         */
        public float[][][][] crossAttention(int[] tokens) {
            try (NDManager step = manager.newSubManager()) {
                NDArray qk = run(step, tokens).get(1);
                Shape shape = qk.getShape();
                int layers = (int) shape.get(0);
                int heads = (int) shape.get(1);
                int rows = (int) shape.get(2);
                int positions = (int) shape.get(3);
                float[] flat = qk.toFloatArray();
                float[][][][] out = new float[layers][heads][rows][positions];
                int at = 0;
                for (int l = 0; l < layers; l++) {
                    for (int h = 0; h < heads; h++) {
                        for (int r = 0; r < rows; r++) {
                            System.arraycopy(flat, at, out[l][h][r], 0, positions);
                            at += positions;
                        }
                    }
                }
                return out;
            }
        }

        private NDList run(NDManager step, int[] tokens) {
            long[] ids = new long[tokens.length];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = tokens[i];
            }
            NDArray input = step.create(ids, new Shape(1, ids.length));
            NDArray audio = features;
            NDList out =
                    decoder.getBlock()
                            .forward(
                                    new ParameterStore(step, false),
                                    new NDList(input, audio),
                                    false);
            out.attach(step);
            return out;
        }

        @Override
        public void close() {
            manager.close();
        }
    }

    @Override
    public void close() {
        encoder.close();
        decoder.close();
    }
}
