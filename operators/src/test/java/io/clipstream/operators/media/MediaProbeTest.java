package io.clipstream.operators.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clipstream.operators.testing.TestVideos;
import io.clipstream.schemas.ReasonCode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class MediaProbeTest {
    @Test
    void probeReadsStreamFactsFramesAndKeyframes() throws Exception {
        ProbeResult probe = MediaProbe.probe(TestVideos.talk(), MediaLimits.DEFAULT);
        var facts = probe.facts();
        assertThat(facts.getWidth()).isEqualTo(320);
        assertThat(facts.getHeight()).isEqualTo(180);
        assertThat(facts.getFps()).isEqualTo(30.0);
        assertThat(facts.getRotation()).isZero();
        assertThat(facts.getVideoCodec()).isEqualTo("h264");
        assertThat(facts.getAudioCodec()).isEqualTo("aac");
        assertThat(probe.frameCount()).isEqualTo(330);
        assertThat(facts.getDurationUs()).isBetween(10_999_000L, 11_001_000L);
        assertThat(probe.timeOfFrame(120)).isEqualTo(4_000_000L);
        // GOP of 30; openh264 also starts a new GOP with an IDR at a scene change (frame 200)
        int[] keys = probe.keyframes();
        assertThat(keys[0]).isZero();
        assertThat(keys).contains(120, 200);
        for (int i = 1; i < keys.length; i++) {
            assertThat(keys[i] - keys[i - 1]).isBetween(1, 30);
        }
    }

    @Test
    void missingFileIsObjectNotFound() {
        assertRejected(
                Path.of("/nonexistent/clipstream/video.mp4"),
                MediaLimits.DEFAULT,
                ReasonCode.OBJECT_NOT_FOUND);
    }

    @Test
    void textFileIsNotAVideo() {
        assertRejected(TestVideos.notAVideo(), MediaLimits.DEFAULT, ReasonCode.NOT_A_VIDEO);
    }

    @Test
    void audioOnlyFileHasNoVideoStream() {
        assertRejected(TestVideos.audioOnly(), MediaLimits.DEFAULT, ReasonCode.NO_VIDEO_STREAM);
    }

    @Test
    void zeroedMediaDataIsCorrupt() {
        assertRejected(TestVideos.corrupt(), MediaLimits.DEFAULT, ReasonCode.CORRUPT);
    }

    @Test
    void zeroByteFileIsNotAVideo() {
        assertRejected(TestVideos.empty(), MediaLimits.DEFAULT, ReasonCode.NOT_A_VIDEO);
    }

    @Test
    void fileCutOffBeforeItsFirstFrameIsTruncated() {
        assertRejected(
                TestVideos.truncatedBeforeFirstFrame(), MediaLimits.DEFAULT, ReasonCode.TRUNCATED);
    }

    @Test
    void fileCutOffMidwayIsTruncated() {
        assertRejected(TestVideos.truncated(), MediaLimits.DEFAULT, ReasonCode.TRUNCATED);
    }

    @Test
    void videoLongerThanLimitIsTooLong() {
        assertRejected(
                TestVideos.talk(),
                new MediaLimits(5_000_000, Long.MAX_VALUE, Long.MAX_VALUE),
                ReasonCode.TOO_LONG);
    }

    @Test
    void fileLargerThanLimitIsTooLarge() {
        assertRejected(
                TestVideos.talk(),
                new MediaLimits(Long.MAX_VALUE, 1000, Long.MAX_VALUE),
                ReasonCode.TOO_LARGE);
    }

    @Test
    void framesLargerThanLimitAreTooLarge() {
        assertRejected(
                TestVideos.talk(),
                new MediaLimits(Long.MAX_VALUE, Long.MAX_VALUE, 320 * 100),
                ReasonCode.TOO_LARGE);
    }

    private static void assertRejected(Path file, MediaLimits limits, ReasonCode reason) {
        assertThatThrownBy(() -> MediaProbe.probe(file, limits))
                .isInstanceOfSatisfying(
                        MediaRejectedException.class,
                        e -> {
                            assertThat(e.reason()).isEqualTo(reason);
                            assertThat(e.getMessage()).hasSizeGreaterThan(20);
                        });
    }

    @Test
    void stillImagesAreNotVideosWhateverTheirName(@org.junit.jupiter.api.io.TempDir Path dir) {
        for (String name : new String[] {"photo.png", "photo.jpg"}) {
            Path image = io.clipstream.operators.testing.HostileFiles.image(dir, name);
            Path renamed = dir.resolve(name + ".mp4");
            try {
                java.nio.file.Files.copy(image, renamed);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            for (Path file : new Path[] {image, renamed}) {
                assertThatThrownBy(() -> MediaProbe.probe(file, MediaLimits.DEFAULT))
                        .isInstanceOfSatisfying(
                                MediaRejectedException.class,
                                e -> assertThat(e.reason()).isEqualTo(ReasonCode.NOT_A_VIDEO))
                        .hasMessageContaining("still image");
            }
        }
    }

    @Test
    void aHeaderClaimingHugeFramesIsRefusedBeforeAnyDecodeAndAClaimedDurationIsNotBelieved(
            @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path bomb = io.clipstream.operators.testing.HostileFiles.frameSizeBomb(dir);
        assertThat(java.nio.file.Files.size(bomb)).isLessThan(100);
        assertThatThrownBy(() -> MediaProbe.probe(bomb, MediaLimits.DEFAULT))
                .isInstanceOfSatisfying(
                        MediaRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(ReasonCode.TOO_LARGE))
                .hasMessageContaining("12000x12000");
        // the frames the file holds count, not the 50 days its headers claim
        ProbeResult forever =
                MediaProbe.probe(
                        io.clipstream.operators.testing.HostileFiles.hugeDurationClaim(dir),
                        MediaLimits.DEFAULT);
        assertThat(forever.facts().getDurationUs()).isBetween(10_999_000L, 11_001_000L);
        assertThat(forever.frameCount()).isEqualTo(330);
    }
}
