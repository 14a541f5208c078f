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

    @Test
    void pictureSegmentsDecodeOnlyTheirContextBeforeThem() {
        ProbeResult p = probe(30 * 600, 250); // 10 minutes, x264's default keyframe interval
        int lag = 12;
        List<SegmentPlan> keyed = new SegmentPlanner(30_000_000, lag).plan(p, t -> true);
        List<SegmentPlan> plans = new SegmentPlanner(30_000_000, lag).planPictures(p);
        assertThat(plans).hasSize(keyed.size());
        assertThat(plans.get(0).startFrame()).isZero();
        assertThat(plans.get(0).decodeFromFrame()).isZero();
        long keyedLeadIn = 0;
        for (int i = 1; i < plans.size(); i++) {
            SegmentPlan s = plans.get(i);
            assertThat(s.startFrame()).isEqualTo(keyed.get(i).startFrame() + lag);
            assertThat(s.startFrame()).isEqualTo(plans.get(i - 1).endFrame());
            // decoding starts at the segment's own keyframe, the context before it
            assertThat(s.decodeFromFrame() % 250).isZero();
            assertThat(s.startFrame() - s.decodeFromFrame()).isEqualTo(lag);
            // the keyframe-aligned plan decodes the whole group of pictures before as well
            keyedLeadIn += keyed.get(i).startFrame() - keyed.get(i).decodeFromFrame();
        }
        assertThat(keyedLeadIn).isEqualTo(250L * (plans.size() - 1));
        assertThat(plans.get(plans.size() - 1).endFrame()).isEqualTo(30 * 600);
    }
}
