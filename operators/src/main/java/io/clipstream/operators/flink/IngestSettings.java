package io.clipstream.operators.flink;

import io.clipstream.operators.media.MediaLimits;
import io.clipstream.operators.storage.TenantPaths;
import java.io.Serializable;

/**
 * What the ingest stage needs to know, built by the ingest job from its configuration.
 *
 * @param segmentTargetUs target segment length
 * @param modelContext whether segments get the look-back the shot model needs
 */
public record IngestSettings(
        TenantPaths paths, MediaLimits limits, long segmentTargetUs, boolean modelContext)
        implements Serializable {
    public IngestSettings(TenantPaths paths, MediaLimits limits, long segmentTargetUs) {
        this(paths, limits, segmentTargetUs, false);
    }

    /** Frames before each segment its analysis must decode. */
    public int contextFrames(double fps) {
        // the shot features' look-back, and the face sampler's: it carries its search forward
        // from the last frame-wide search before the segment
        int lag =
                Math.max(
                        io.clipstream.operators.analysis.shots.FrameFeatureExtractor.lagFor(fps),
                        (int)
                                Math.ceil(
                                        fps
                                                * io.clipstream.operators.analysis.faces.FaceSampler
                                                        .Settings.DEFAULT
                                                        .lookBackUs()
                                                / 1e6));
        return modelContext
                ? Math.max(
                        lag, io.clipstream.operators.analysis.shots.model.ModelFrameScorer.CONTEXT)
                : lag;
    }
}
