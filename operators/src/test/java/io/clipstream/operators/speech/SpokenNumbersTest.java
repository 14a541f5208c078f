package io.clipstream.operators.speech;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SpokenNumbersTest {
    private static List<Long> values(String text) {
        return SpokenNumbers.find(List.of(text.split(" "))).stream()
                .map(SpokenNumbers.Number::value)
                .toList();
    }

    @Test
    void cardinalsAndYearPairsAreRead() {
        assertThat(values("forty two line bible")).containsExactly(42L);
        assertThat(values("of about fourteen fifty five")).containsExactly(1455L);
        assertThat(values("in nineteen oh four and twenty twenty four"))
                .containsExactly(1904L, 2024L);
        assertThat(values("three hundred and six people")).containsExactly(306L);
        assertThat(values("two thousand and twenty")).containsExactly(2020L);
        assertThat(values("one two three")).containsExactly(1L, 2L, 3L);
        assertThat(values("a million and one nights")).containsExactly(1L);
        assertThat(values("no numbers here")).isEmpty();
    }

    @Test
    void errorRateComparesNumbersByValueTheSameForEveryEngine() {
        List<String> book = List.of("about", "1455,", "Mr.", "Smith's", "forty-two");
        List<String> spoken =
                List.of("about", "fourteen", "fifty", "five", "mister", "smith's", "forty", "two");
        assertThat(SpeechMetrics.normalise(book))
                .containsExactly("about", "1455", "mister", "smith's", "42");
        assertThat(SpeechMetrics.wordErrorRate(book, spoken)).isZero();
        assertThat(SpeechMetrics.wordErrorRate(book, List.of("about", "fourteen", "fifty")))
                .isGreaterThan(0);
    }
}
