package io.clipstream.operators.speech;

import static org.assertj.core.api.Assertions.assertThat;

import io.clipstream.operators.testing.TestWords;
import io.clipstream.schemas.Word;
import java.util.List;
import org.junit.jupiter.api.Test;

class WordStreamTest {
    /** Words spoken back to back (100 ms gaps) except where "|" marks a 400 ms pause. */
    static List<Word> words(String script) {
        return TestWords.spoken(script, 350_000, 300_000, 0.9f);
    }

    static List<String> fillers(List<Word> words) {
        return words.stream().filter(Word::getFiller).map(w -> w.getText().toString()).toList();
    }

    @Test
    void hesitationsAreAlwaysFillers() {
        assertThat(fillers(words("so um we uh shipped it, er, ah, on time")))
                .containsExactly("um", "uh", "er,", "ah,");
    }

    @Test
    void likeIsAFillerOnlyInFillerPosition() {
        assertThat(fillers(words("I would like a coffee"))).isEmpty();
        assertThat(fillers(words("it looks like rain"))).isEmpty();
        assertThat(fillers(words("I like this plan"))).isEmpty();
        assertThat(fillers(words("and it was like really fast"))).containsExactly("like");
        assertThat(fillers(words("we shipped | like | ten times"))).containsExactly("like");
    }

    @Test
    void youKnowIsAFillerWithoutAnObject() {
        assertThat(fillers(words("you know what I mean"))).isEmpty();
        assertThat(fillers(words("do you know the answer"))).isEmpty();
        assertThat(fillers(words("it was, you know, | hard"))).containsExactly("you", "know,");
        assertThat(fillers(words("we just | you know | shipped it")))
                .containsExactly("you", "know");
    }

    @Test
    void pausesAreMeasuredToTheNextWord() {
        List<Word> w = words("one two | three");
        assertThat(w.get(0).getPauseAfterUs()).isEqualTo(100_000);
        assertThat(w.get(1).getPauseAfterUs()).isEqualTo(400_000);
        assertThat(w.get(2).getPauseAfterUs()).isZero();
    }
}
