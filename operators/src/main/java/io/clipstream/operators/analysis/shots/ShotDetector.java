package io.clipstream.operators.analysis.shots;

import io.clipstream.schemas.ShotBoundary;
import io.clipstream.schemas.ShotKind;
import java.util.List;

/** Finds shot boundaries in a whole video's per-frame signals. */
public interface ShotDetector {
    /** Boundaries in frame order; each marks the first frame of a new shot. */
    List<ShotBoundary> detect(VideoSignals signals);

    static ShotBoundary boundary(VideoSignals s, int frame, ShotKind kind, float strength) {
        return new ShotBoundary(s.timesUs[frame], (long) frame, kind, strength);
    }
}
