package io.clipstream.operators.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClipTimelineTest {

    @Test
    void piecesPlayBackToBackAndSourceTimesMapOntoTheClip() {
        // 30 fps: frames 30-59 and 90-104 kept
        ClipTimeline t =
                ClipTimeline.ofFrames(30, List.of(new long[] {30, 60}, new long[] {90, 105}));
        assertThat(t.frames()).isEqualTo(45);
        assertThat(t.durationUs()).isEqualTo(1_500_000L);
        assertThat(t.sourceFrame(0)).isEqualTo(30);
        assertThat(t.sourceFrame(29)).isEqualTo(59);
        assertThat(t.sourceFrame(30)).isEqualTo(90);
        assertThat(t.pieceOutputStartUs(1)).isEqualTo(1_000_000L);
        // 2.5 s is in the second piece, 0.5 s after its start
        assertThat(t.toClipUs(3_500_000)).isEqualTo(1_500_000L);
        assertThat(t.toClipUs(2_500_000)).as("in the cut: the join").isEqualTo(1_000_000L);
        assertThat(t.toClipUs(0)).isZero();
        assertThat(t.kept(1_500_000)).isTrue();
        assertThat(t.kept(2_500_000)).isFalse();
    }

    @Test
    void aboveSixtyFpsEveryOtherFrameIsShown() {
        ClipTimeline t = ClipTimeline.ofFrames(119.88, List.of(new long[] {0, 240}));
        assertThat(t.outputFps()).isCloseTo(59.94, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(t.frames()).isEqualTo(120);
        assertThat(t.sourceFrame(7)).isEqualTo(14);
        assertThat(t.durationUs()).isEqualTo(Math.round(120 / 59.94 * 1e6));
        assertThat(ClipTimeline.ofFrames(60, List.of(new long[] {0, 60})).outputFps())
                .isEqualTo(60);
    }
}
