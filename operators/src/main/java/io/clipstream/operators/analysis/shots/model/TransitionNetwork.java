package io.clipstream.operators.analysis.shots.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv3d;
import ai.djl.nn.core.Linear;

/**
 * A TransNetV2-style shot transition network: 3D convolutions over a window of small frames (time,
 * height, width), spatial pooling, and a per-frame classifier. Input {@code [1, 3, T, 27, 48]} RGB
 * in [0, 1]; output {@code [1, T]} transition logits, one per frame.
 *
 * <p>The architecture lives in code and the trained parameters in a file named in configuration, so
 * a model trained elsewhere with this layout loads without any download.
 */
public final class TransitionNetwork {
    public static final int HEIGHT = 27;
    public static final int WIDTH = 48;

    private TransitionNetwork() {}

    /** The network with {@code filters} channels in its first convolution. */
    public static Block build(int filters) {
        return new SequentialBlock()
                .add(
                        Conv3d.builder()
                                .setKernelShape(new Shape(3, 3, 3))
                                .optPadding(new Shape(1, 1, 1))
                                .setFilters(filters)
                                .build())
                .add(Activation::relu)
                .add(
                        Conv3d.builder()
                                .setKernelShape(new Shape(3, 3, 3))
                                .optPadding(new Shape(1, 1, 1))
                                .setFilters(filters * 2)
                                .build())
                .add(Activation::relu)
                // [N, C, T, H, W] -> mean over H and W -> [N, C, T] -> [N, T, C]
                .add(
                        new LambdaBlock(
                                x ->
                                        new NDList(
                                                x.singletonOrThrow()
                                                        .mean(new int[] {4})
                                                        .mean(new int[] {3})
                                                        .transpose(0, 2, 1)),
                                "spatial-pool"))
                .add(Linear.builder().setUnits(1).build())
                .add(
                        new LambdaBlock(
                                x -> new NDList(x.singletonOrThrow().squeeze(-1)), "per-frame"));
    }

    /** Input shape for a window of {@code frames} frames. */
    public static Shape inputShape(int frames) {
        return new Shape(1, 3, frames, HEIGHT, WIDTH);
    }
}
