package io.clipstream.operators.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.clipstream.schemas.StreamFacts;
import java.util.List;
import org.junit.jupiter.api.Test;

class SegmentPlannerTest {
    /** 30 fps, `frames` frames, keyframes every `gop` frames. */
    static ProbeResult probe(int frames, int gop) {
        long[] times = new long[frames];
        for (int i = 0; i < frames; i++) {
            times[i] = Math.round(i * 1e6 / 30);
        }
        int[] keys =
                java.util.stream.IntStream.range(0, frames).filter(i -> i % gop == 0).toArray();
        StreamFacts facts =
                StreamFacts.newBuilder()
                        .setContainer("mp4")
                        .setVideoCodec("h264")
                        .setFps(30)
                        .setWidth(320)
                        .setHeight(180)
                        .setDurationUs(Math.round(frames * 1e6 / 30))
                        .setFrameCount(frames)
                        .setSizeBytes(1)
                        .build();
        return new ProbeResult(facts, times, keys);
    }

    @Test
    void segmentsStartOnKeyframesAndTileTheVideo() {
        ProbeResult p = probe(30 * 300, 48); // 5 minutes, keyframe every 1.6 s
        List<SegmentPlan> plans = new SegmentPlanner(60_000_000).plan(p, t -> false);
        assertThat(plans).hasSize(5);
        assertThat(plans.get(0).startFrame()).isZero();
        for (int i = 0; i < plans.size(); i++) {
            assertThat(plans.get(i).startFrame() % 48).isZero();
            if (i > 0) {
                assertThat(plans.get(i).startFrame()).isEqualTo(plans.get(i - 1).endFrame());
            }
            long length = plans.get(i).endUs() - plans.get(i).startUs();
            assertThat(length).isBetween(30_000_000L, 90_000_000L);
        }
        assertThat(plans.get(plans.size() - 1).endFrame()).isEqualTo(30 * 300);
    }

    @Test
    void boundaryMovesIntoAPauseWhenAKeyframeAllows() {
        ProbeResult p = probe(30 * 130, 30);
        // the only pause near the first target is around 66 s
        List<SegmentPlan> plans =
                new SegmentPlanner(60_000_000).plan(p, t -> Math.abs(t - 66_000_000) < 200_000);
        assertThat(plans.get(1).startUs()).isEqualTo(66_000_000L);
    }

    @Test
    void shortVideoIsOneSegment() {
        List<SegmentPlan> plans =
                new SegmentPlanner(60_000_000).plan(probe(30 * 80, 30), t -> true);
        assertThat(plans).hasSize(1);
        assertThat(plans.get(0).endFrame()).isEqualTo(30 * 80);
    }
}
