package io.clipstream.operators.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.clipstream.operators.analysis.SegmentAnalyzer;
import io.clipstream.operators.analysis.shots.CombinedShotDetector;
import io.clipstream.operators.analysis.shots.SceneDetection;
import io.clipstream.operators.testing.MediaFormats;
import io.clipstream.schemas.ShotBoundary;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every common upload format probes with the right facts, and its frames decode with exact
 * numbering: the sample's one hard cut is found at its frame, split into segments or not.
 */
class MediaFormatsTest {
    static Stream<MediaFormats.Format> formats() {
        return MediaFormats.ALL.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("formats")
    void probesAndFindsTheCutAtItsFrame(MediaFormats.Format format) throws Exception {
        Path file = MediaFormats.file(format);
        ProbeResult probe = MediaProbe.probe(file, MediaLimits.DEFAULT);
        var facts = probe.facts();
        assertThat(probe.frameCount()).as("frames").isEqualTo(MediaFormats.FRAMES);
        assertThat(facts.getDurationUs()).isBetween(5_900_000L, 6_100_000L);
        assertThat(facts.getAudioChannels() > 0).as("audio").isEqualTo(format.audio());
        var result =
                new SceneDetection(
                                SegmentAnalyzer.Settings.SHOTS_ONLY,
                                CombinedShotDetector.Settings.DEFAULT,
                                2_000_000,
                                2)
                        .detect(file);
        assertThat(result.boundaries().stream().map(ShotBoundary::getFrame))
                .as("boundaries of %s (%s)", format, facts)
                .containsExactly((long) MediaFormats.CUT);
    }
}
