package io.clipstream.operators.media;

import java.io.Serializable;

/**
 * Bounds on what an upload may be; anything outside them is rejected before any decoding.
 *
 * @param maxDurationUs longest accepted video
 * @param maxBytes largest accepted object
 * @param maxPixels largest accepted frame (width times height)
 */
public record MediaLimits(long maxDurationUs, long maxBytes, long maxPixels)
        implements Serializable {
    public static final MediaLimits DEFAULT =
            new MediaLimits(4L * 3600 * 1_000_000, 20L << 30, 8192L * 4320);
}
