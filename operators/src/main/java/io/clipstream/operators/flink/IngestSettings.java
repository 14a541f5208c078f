package io.clipstream.operators.flink;

import io.clipstream.operators.media.MediaLimits;
import io.clipstream.operators.storage.TenantPaths;
import java.io.Serializable;

/**
 * What the ingest stage needs to know, built by the ingest job from its configuration.
 *
 * @param segmentTargetUs target segment length
 */
public record IngestSettings(TenantPaths paths, MediaLimits limits, long segmentTargetUs)
        implements Serializable {}
