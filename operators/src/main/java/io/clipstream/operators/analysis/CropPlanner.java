package io.clipstream.operators.analysis;

import io.clipstream.schemas.CropKeyframe;
import io.clipstream.schemas.CropPath;
import io.clipstream.schemas.StreamFacts;
import java.util.List;

/**
 * Output sizes of aspect ratios, and the centred window of the displayed frame (after rotation):
 * the geometry the virtual camera ({@code framing.VirtualCamera}) plans its windows in.
 */
public final class CropPlanner {
    private CropPlanner() {}

    /** Output size for an aspect ratio such as {@code 9:16}: 1080 on the short side. */
    public static int[] outputSize(String aspect) {
        int[] ratio = parse(aspect);
        if (ratio[0] <= ratio[1]) {
            return new int[] {1080, even(1080L * ratio[1] / ratio[0])};
        }
        return new int[] {even(1080L * ratio[0] / ratio[1]), 1080};
    }

    public static CropPath centre(StreamFacts facts, String aspect, long startUs) {
        boolean quarterTurn = facts.getRotation() % 180 != 0;
        int w = quarterTurn ? facts.getHeight() : facts.getWidth();
        int h = quarterTurn ? facts.getWidth() : facts.getHeight();
        int[] ratio = parse(aspect);
        int cw;
        int ch;
        if ((long) w * ratio[1] > (long) h * ratio[0]) {
            ch = h & ~1;
            cw = Math.min(w, even((long) h * ratio[0] / ratio[1]));
        } else {
            cw = w & ~1;
            ch = Math.min(h, even((long) w * ratio[1] / ratio[0]));
        }
        int x = ((w - cw) / 2) & ~1;
        int y = ((h - ch) / 2) & ~1;
        int[] out = outputSize(aspect);
        return CropPath.newBuilder()
                .setAspect(aspect)
                .setOutputWidth(out[0])
                .setOutputHeight(out[1])
                .setKeyframes(
                        List.of(
                                CropKeyframe.newBuilder()
                                        .setTimeUs(startUs)
                                        .setX(x)
                                        .setY(y)
                                        .setWidth(cw)
                                        .setHeight(ch)
                                        .build()))
                .build();
    }

    static int[] parse(String aspect) {
        String[] parts = aspect.split(":");
        if (parts.length != 2) {
            throw new IllegalArgumentException("aspect ratio must look like 9:16, got " + aspect);
        }
        int a = Integer.parseInt(parts[0].trim());
        int b = Integer.parseInt(parts[1].trim());
        if (a <= 0 || b <= 0 || a > 100 || b > 100) {
            throw new IllegalArgumentException("aspect ratio out of range: " + aspect);
        }
        return new int[] {a, b};
    }

    private static int even(long v) {
        return (int) (v & ~1L);
    }
}
