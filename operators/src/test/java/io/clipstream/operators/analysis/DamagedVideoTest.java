package io.clipstream.operators.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.clipstream.operators.analysis.shots.CombinedShotDetector;
import io.clipstream.operators.analysis.shots.SceneDetection;
import io.clipstream.operators.testing.DamagedVideos;
import io.clipstream.operators.testing.TestVideos;
import io.clipstream.schemas.ShotBoundary;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mostly decodable file is analysed with its frame numbers intact; the damage is counted and
 * located, and only past the threshold is the file corrupt.
 */
class DamagedVideoTest {
    private static SceneDetection.Result scenes(Path file, long segmentUs) throws Exception {
        return new SceneDetection(
                        SegmentAnalyzer.Settings.SHOTS_ONLY,
                        CombinedShotDetector.Settings.DEFAULT,
                        segmentUs,
                        2)
                .detect(file);
    }

    @Test
    void damagedPacketsAreConcealedAndLaterFramesKeepTheirNumbers(@TempDir Path dir)
            throws Exception {
        Path damaged = dir.resolve("damaged.mp4");
        // frames 100-103 of 330 (3.33-3.47 s), inside the shot of frames 90-119
        int zeroed =
                DamagedVideos.zeroPackets(TestVideos.talk(), damaged, p -> p >= 100 && p < 104);
        assertThat(zeroed).isEqualTo(4);
        for (long segmentUs : new long[] {60_000_000, 2_000_000}) {
            SceneDetection.Result result = scenes(damaged, segmentUs);
            assertThat(result.boundaries().stream().map(b -> (int) b.getFrame()))
                    .as("cuts with %d us segments", segmentUs)
                    .containsExactlyElementsOf(TestVideos.TALK_CUTS);
            assertThat(result.boundaries())
                    .extracting(ShotBoundary::getTimeUs)
                    .contains(4_000_000L); // frame 120 keeps its time
            var damage = result.damage();
            assertThat(damage.concealed()).isBetween(1L, 4L);
            assertThat(damage.corrupt()).isFalse();
            assertThat(damage.spans()).isNotEmpty();
            assertThat(damage.spans().get(0).getStartUs()).isBetween(3_300_000L, 3_500_000L);
            assertThat(damage.message()).contains("of 330 video frames").contains("3.3");
        }
    }

    @Test
    void aVideoMostlyUndecodableIsCorrupt(@TempDir Path dir) throws Exception {
        Path damaged = dir.resolve("ruined.mp4");
        // every packet from frame 60 on except the keyframes every 30 frames
        DamagedVideos.zeroPackets(TestVideos.talk(), damaged, p -> p >= 60 && p % 30 != 0);
        var damage = scenes(damaged, 60_000_000).damage();
        assertThat(damage.corrupt()).isTrue();
        assertThat(damage.message()).contains("treated as corrupt");
    }

    @Test
    void anUndamagedVideoReportsNoDamage() throws Exception {
        var damage = scenes(TestVideos.talk(), 2_000_000).damage();
        assertThat(damage.concealed()).isZero();
        assertThat(damage.message()).isNull();
    }
}
