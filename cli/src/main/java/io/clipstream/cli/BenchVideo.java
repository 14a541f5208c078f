package io.clipstream.cli;

import io.clipstream.operators.media.SyntheticTimeline;
import io.clipstream.operators.media.SyntheticTimeline.Dissolve;
import io.clipstream.operators.media.SyntheticTimeline.Fade;
import io.clipstream.operators.media.SyntheticTimeline.Part;
import io.clipstream.operators.media.SyntheticTimeline.Shot;
import io.clipstream.operators.media.SyntheticTimeline.Solid;
import io.clipstream.operators.media.SyntheticTimeline.Texture;
import java.util.ArrayList;
import java.util.List;

/**
 * The benchmark's generated video: 60 s of 1080p30 panning textures with cuts, fades and dissolves.
 */
final class BenchVideo {
    private BenchVideo() {}

    static SyntheticTimeline.Spec spec() {
        List<Part> parts = new ArrayList<>();
        int frames = 0;
        int i = 0;
        while (frames < 1800 - 120) {
            int length = 60 + (i * 37) % 90;
            parts.add(
                    new Shot(
                            i % 5 == 4
                                    ? new Solid(30 + i * 20 % 200, 90, 200 - i * 15 % 180)
                                    : new Texture(
                                            100 + i, (i * 47) % 180, 12, 2.0 + i % 3, i % 2, 0),
                            length));
            frames += length;
            if (i % 6 == 2) {
                parts.add(new Fade(10, 6, 10));
                frames += 26;
            } else if (i % 6 == 4) {
                parts.add(new Dissolve(20));
                frames += 20;
            }
            i++;
        }
        parts.add(new Shot(new Texture(999, 90, 20, 1, 1, 0), 1800 - frames));
        return new SyntheticTimeline.Spec(1920, 1080, 30, 60, parts);
    }
}
