package io.clipstream.operators.speech;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clipstream.schemas.TimeSpan;
import io.clipstream.schemas.Word;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class SidecarTranscriptTest {
    @Test
    void readsSubRip() throws IOException {
        SidecarTranscript t =
                SidecarTranscript.parse(
                        "1\r\n00:00:01,500 --> 00:00:03,250\r\nHello <i>there</i>,\r\nfriends.\r\n\r\n"
                                + "2\r\n01:00:04,000 --> 01:00:05,000\r\nSecond cue\r\n");
        assertThat(t.wordTimed()).isFalse();
        assertThat(t.cues())
                .containsExactly(
                        new SidecarTranscript.Cue(1_500_000, 3_250_000, "Hello there, friends."),
                        new SidecarTranscript.Cue(3_604_000_000L, 3_605_000_000L, "Second cue"));
    }

    @Test
    void readsWebVttWithoutHoursAndWithSettingsAndVoices() throws IOException {
        SidecarTranscript t =
                SidecarTranscript.parse(
                        "\uFEFFWEBVTT\n\nNOTE a comment\n\nintro\n00:02.000 --> 00:04.500 align:start\n"
                                + "<v Ana>Welcome back</v>\n\n00:05.000 --> 00:06.000\nto the show\n");
        assertThat(t.cues())
                .containsExactly(
                        new SidecarTranscript.Cue(2_000_000, 4_500_000, "Welcome back"),
                        new SidecarTranscript.Cue(5_000_000, 6_000_000, "to the show"));
    }

    @Test
    void readsJsonWords() throws IOException {
        SidecarTranscript t =
                SidecarTranscript.parse(
                        "{\"words\": [{\"text\": \"hi\", \"start\": 0.5, \"end\": 0.75}, {\"word\": \"there\", \"start\": 0.8, \"end\": 1.1}]}");
        assertThat(t.wordTimed()).isTrue();
        assertThat(t.cues()).hasSize(2);
        assertThat(t.cues().get(1))
                .isEqualTo(new SidecarTranscript.Cue(800_000, 1_100_000, "there"));
    }

    @Test
    void rejectsWhatIsNotATranscript() {
        assertThatThrownBy(() -> SidecarTranscript.parse("just some text"))
                .hasMessageContaining("no cues");
        assertThatThrownBy(() -> SidecarTranscript.parse("{\"words\": []}"))
                .hasMessageContaining("words");
        assertThatThrownBy(() -> SidecarTranscript.parse("[{\"text\": \"a\"}]"))
                .hasMessageContaining("start");
        assertThatThrownBy(
                        () -> SidecarTranscript.parse("00:00:05,000 --> 00:00:04,000\nbackwards\n"))
                .hasMessageContaining("ends before");
    }

    @Test
    void syllableFallbackSpreadsTheCueSpeechOverItsWords() {
        var cue = new SidecarTranscript.Cue(1_000_000, 4_000_000, "a wonderful day");
        List<Word> words =
                SidecarEngine.bySyllables(
                        cue,
                        List.of("a", "wonderful", "day"),
                        List.of(new TimeSpan(1_200_000L, 3_200_000L)));
        // 1 + 3 + 1 syllables over the 2 s of speech inside the cue
        assertThat(words)
                .extracting(Word::getStartUs)
                .containsExactly(1_200_000L, 1_600_000L, 2_800_000L);
        assertThat(words.get(2).getEndUs()).isEqualTo(3_200_000L);
        assertThat(Syllables.count("wonderful")).isEqualTo(3);
        assertThat(Syllables.count("make")).isEqualTo(1);
        assertThat(Syllables.count("40")).isEqualTo(2);
    }
}
