package io.clipstream.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.clipstream.operators.media.SyntheticVideo;
import io.clipstream.operators.speech.SidecarTranscript;
import io.clipstream.operators.speech.SpeechFixtures;
import io.clipstream.operators.speech.SpeechFixtures.Line;
import io.clipstream.schemas.ScoredSegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A customer's own transcript travels with the upload through the whole pipeline: uploaded beside
 * the video, checked by ingest, aligned per segment, and its words (punctuation included) are the
 * talking points' text.
 */
class TranscriptClipITCase {
    @Test
    void aSuppliedTranscriptGivesTheTalkingPointsTheirText(@TempDir Path dir) throws Exception {
        assumeThat(SpeechFixtures.available())
                .as(
                        "skipped: the talk is spoken by espeak-ng; install the Debian package espeak-ng")
                .isTrue();
        SpeechFixtures.Fixture talk =
                SpeechFixtures.build(
                        "transcript-clip",
                        List.of(
                                new Line("Um, so, we had some meetings, I guess.", 1_500_000),
                                new Line(
                                        "What would you do if your biggest customer left tomorrow?",
                                        400_000),
                                new Line("Most companies panic and cut their prices.", 1_500_000)));
        Path video = dir.resolve("talk.mp4");
        SyntheticVideo.write(
                SyntheticVideo.demo(talk.durationUs() / 1e6 + 0.5), talk.samples(), video);
        Path srt = dir.resolve("talk.srt");
        Files.writeString(srt, srt(SpeechFixtures.captionerCues(talk)));
        Path out = dir.resolve("out");
        var run =
                ClipCommandITCase.run(
                        "clip",
                        video.toString(),
                        "--transcript",
                        srt.toString(),
                        "--json",
                        "--out",
                        out.toString(),
                        "--min-seconds",
                        "2",
                        "--max-seconds",
                        "20",
                        "--max-clips",
                        "2",
                        "--prompt",
                        "customer",
                        "--remove-fillers");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        List<ScoredSegment> scored = ScoredArchive.load(List.of(out));
        assertThat(scored)
                .extracting(s -> s.getText().toString())
                .contains(
                        "Um, so, we had some meetings, I guess.",
                        "What would you do if your biggest customer left tomorrow? Most companies panic and cut their prices.");
        ScoredSegment question =
                scored.stream()
                        .filter(s -> s.getText().toString().startsWith("What"))
                        .findFirst()
                        .orElseThrow();
        assertThat(question.getSelected()).isTrue();
        assertThat(question.getComponents())
                .anySatisfy(
                        c -> {
                            assertThat(c.getName().toString()).isEqualTo("relevance");
                            assertThat(c.getValue()).isEqualTo(1f);
                        });
    }

    static String srt(SidecarTranscript transcript) {
        StringBuilder out = new StringBuilder();
        int n = 1;
        for (SidecarTranscript.Cue cue : transcript.cues()) {
            out.append(n++)
                    .append('\n')
                    .append(clock(cue.startUs()))
                    .append(" --> ")
                    .append(clock(cue.endUs()))
                    .append('\n')
                    .append(cue.text())
                    .append("\n\n");
        }
        return out.toString();
    }

    private static String clock(long us) {
        long ms = us / 1000;
        return String.format(
                Locale.ROOT,
                "%02d:%02d:%02d,%03d",
                ms / 3_600_000,
                ms / 60_000 % 60,
                ms / 1000 % 60,
                ms % 1000);
    }
}
