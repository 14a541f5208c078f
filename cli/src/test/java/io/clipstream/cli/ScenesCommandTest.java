package io.clipstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clipstream.operators.testing.ShotTestVideos;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScenesCommandTest {
    @Test
    void jsonListsEveryBoundaryWithFrameTimeAndKind() throws Exception {
        var video = ShotTestVideos.get("fades");
        var run =
                ClipCommandITCase.run(
                        "scenes", video.path().toString(), "--json", "--segment-seconds", "2");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        JsonNode root = new ObjectMapper().readTree(run.stdout());
        assertThat(root.get("fps").asDouble()).isEqualTo(30.0);
        assertThat(root.get("frames").asInt()).isEqualTo(video.truth().frameCount());
        List<Integer> frames = new ArrayList<>();
        for (JsonNode cut : root.get("cuts")) {
            frames.add(cut.get("frame").asInt());
            assertThat(cut.get("kind").asText()).isEqualTo("fade");
            assertThat(cut.get("time").asDouble())
                    .isEqualTo(
                            cut.get("frame").asInt() / 30.0,
                            org.assertj.core.data.Offset.offset(0.001));
        }
        assertThat(frames)
                .containsExactlyElementsOf(
                        video.truth().boundaries().stream().map(b -> b.frame()).toList());
    }

    @Test
    void notAVideoExitsWithOneLineReason() {
        var run =
                ClipCommandITCase.run(
                        "scenes",
                        io.clipstream.operators.testing.TestVideos.notAVideo().toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).contains("NOT_A_VIDEO");
    }
}
