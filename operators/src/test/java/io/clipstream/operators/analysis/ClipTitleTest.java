package io.clipstream.operators.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.clipstream.schemas.Word;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClipTitleTest {
    static List<Word> words(String text) {
        List<Word> out = new ArrayList<>();
        long t = 0;
        String[] tokens = text.split(" ");
        for (int i = 0; i < tokens.length; i++) {
            boolean pause = tokens[i].endsWith("|");
            String w = tokens[i].replace("|", "");
            out.add(new Word(w, t, t + 250_000, 1f, w.equals("um"), pause ? 900_000L : 50_000L));
            t += 300_000 + (pause ? 900_000 : 0);
        }
        return out;
    }

    @Test
    void theTitleIsTheOpeningSentenceWithoutFillers() {
        assertThat(
                        ClipTitle.of(
                                words("um why do startups fail| it is rarely the product"),
                                1,
                                0,
                                9_000_000))
                .isEqualTo("Why do startups fail?");
    }

    @Test
    void aLongSentenceIsCutAtAWordAndNotAfterAWeakOne() {
        String title =
                ClipTitle.of(
                        words(
                                "the thing nobody tells you about raising money is that the investors are betting on the team and the market"),
                        1,
                        0,
                        9_000_000);
        assertThat(title.length()).isLessThanOrEqualTo(ClipTitle.MAX_CHARS);
        assertThat(title).endsWith("…").startsWith("The thing nobody tells you");
        assertThat(title).doesNotEndWith("the…").doesNotEndWith("on…");
    }

    @Test
    void aClipWithoutWordsIsNamedByItsPlace() {
        assertThat(ClipTitle.of(List.of(), 2, 61_000_000, 95_000_000))
                .isEqualTo("Clip 2: 1:01-1:35");
    }
}
