package io.clipstream.operators.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.clipstream.operators.speech.WordStream;
import io.clipstream.schemas.Word;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadableTextTest {
    /** Words 300 ms apart, with a 1 s pause after each word marked with a trailing "|". */
    static List<Word> spoken(String text) {
        List<Word> out = new ArrayList<>();
        long at = 0;
        for (String token : text.split(" ")) {
            boolean pause = token.endsWith("|");
            String w = pause ? token.substring(0, token.length() - 1) : token;
            out.add(
                    Word.newBuilder()
                            .setText(w)
                            .setStartUs(at)
                            .setEndUs(at + 250_000)
                            .setConfidence(1f)
                            .build());
            at += pause ? 1_250_000 : 300_000;
        }
        return WordStream.mark(out);
    }

    @Test
    void sentencesGetCapitalsAndFullStopsAndQuestionsQuestionMarks() {
        assertThat(
                        ReadableText.of(
                                spoken(
                                        "so i think this matters| do you know why| what is the price of it| i'm not sure")))
                .isEqualTo(
                        "So I think this matters. Do you know why? What is the price of it? I'm not sure.");
    }

    @Test
    void yearsAndCountsBecomeDigitsAndSmallNumbersStaySpoken() {
        assertThat(
                        ReadableText.of(
                                spoken(
                                        "the bible of about fourteen fifty five| we hired three hundred people in nineteen ninety| two of them stayed")))
                .isEqualTo(
                        "The bible of about 1455. We hired 300 people in 1990. Two of them stayed.");
        assertThat(ReadableText.of(spoken("it was one of the forty two line bibles")))
                .isEqualTo("It was one of the 42 line bibles.");
    }

    @Test
    void punctuationAlreadyThereIsKept() {
        assertThat(ReadableText.of(spoken("Uh, the real price is, you know, hidden.")))
                .isEqualTo("Uh, the real price is, you know, hidden.");
        assertThat(ReadableText.of(spoken("the last word has a comma,")))
                .isEqualTo("The last word has a comma.");
        assertThat(ReadableText.of(List.of())).isEmpty();
    }
}
