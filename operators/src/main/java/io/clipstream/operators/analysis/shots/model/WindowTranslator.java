package io.clipstream.operators.analysis.shots.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;

/** Frames to the network's input tensor, logits to per-frame transition probabilities. */
final class WindowTranslator implements NoBatchifyTranslator<FrameWindow, float[]> {
    @Override
    public NDList processInput(TranslatorContext ctx, FrameWindow window) {
        int t = window.frames().length;
        int plane = TransitionNetwork.WIDTH * TransitionNetwork.HEIGHT;
        byte[] data = new byte[t * plane * 3];
        for (int f = 0; f < t; f++) {
            System.arraycopy(window.frames()[f], 0, data, f * plane * 3, plane * 3);
        }
        // [T, H, W, C] bytes -> [1, C, T, H, W] floats in [0, 1]
        NDArray frames =
                ctx.getNDManager()
                        .create(
                                java.nio.ByteBuffer.wrap(data),
                                new ai.djl.ndarray.types.Shape(
                                        t, TransitionNetwork.HEIGHT, TransitionNetwork.WIDTH, 3),
                                DataType.UINT8)
                        .toType(DataType.FLOAT32, false)
                        .div(255f)
                        .transpose(3, 0, 1, 2)
                        .expandDims(0);
        return new NDList(frames);
    }

    @Override
    public float[] processOutput(TranslatorContext ctx, NDList list) {
        NDArray logits = list.singletonOrThrow();
        return ai.djl.nn.Activation.sigmoid(logits).squeeze(0).toFloatArray();
    }
}
