package io.clipstream.operators.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.clipstream.operators.speech.WordStream;
import io.clipstream.operators.testing.TestWords;
import io.clipstream.schemas.AudioWindow;
import io.clipstream.schemas.TimeSpan;
import io.clipstream.schemas.Word;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SentencesAndTopicsTest {
    /** Words 300 ms apart; "|" adds a 600 ms pause. */
    static List<Word> words(String script) {
        return TestWords.spoken(script, 300_000, 600_000, 1f);
    }

    @Test
    void punctuationEndsSentencesAndShortPausesDoNot() {
        List<Sentences.Sentence> s =
                Sentences.of(words("Is it ready? Yes, | it ships today. Good"));
        assertThat(s)
                .extracting(Sentences.Sentence::text)
                .containsExactly("Is it ready?", "Yes, it ships today.", "Good");
        assertThat(s.get(0).isQuestion()).isTrue();
    }

    @Test
    void withoutPunctuationPausesEndSentences() {
        List<Sentences.Sentence> s = Sentences.of(words("we shipped it | then we rested | done"));
        assertThat(s)
                .extracting(Sentences.Sentence::text)
                .containsExactly("we shipped it", "then we rested", "done");
    }

    @Test
    void withoutPunctuationAFallingPitchEndsASentenceAtAShortPause() {
        // "we shipped it then we rested": 200 ms pause after "it"
        List<Word> w = new ArrayList<>();
        long t = 0;
        for (String text : List.of("we", "shipped", "it", "then", "we", "rested")) {
            long pause = text.equals("it") ? 200_000 : 50_000;
            w.add(
                    Word.newBuilder()
                            .setText(text)
                            .setStartUs(t)
                            .setEndUs(t + 250_000)
                            .setConfidence(1f)
                            .build());
            t += 250_000 + pause;
        }
        WordStream.mark(w);
        List<AudioWindow> flat = new ArrayList<>();
        List<AudioWindow> falling = new ArrayList<>();
        for (long at = 0; at < t; at += 20_000) {
            // "it" spans 600-850 ms; its end falls from 160 Hz to 120 Hz in the falling case
            float pitch = at >= 750_000 && at < 850_000 ? 120f : 160f;
            flat.add(new AudioWindow(at, 20_000, -20f, -20f, 160f, 0f, 0f));
            falling.add(new AudioWindow(at, 20_000, -20f, -20f, pitch, 0f, 0f));
        }
        assertThat(Sentences.of(w, flat)).hasSize(1);
        assertThat(Sentences.of(w, falling))
                .extracting(Sentences.Sentence::text)
                .containsExactly("we shipped it", "then we rested");
    }

    @Test
    void theDeepestTopicShiftIsWhereTheVocabularyChanges() {
        List<Word> w =
                words(
                        "Cats sleep most of the day. A cat hunts mice at night. Cats purr when happy. Kittens play with cats."
                                + " Taxes are due in April. Tax forms confuse people. Pay taxes early. Late taxes cost fines.");
        List<Sentences.Sentence> s = Sentences.of(w);
        assertThat(s).hasSize(8);
        double[] depth = TopicShifts.depths(s, w);
        int deepest = 0;
        for (int g = 1; g < depth.length; g++) {
            if (depth[g] > depth[deepest]) {
                deepest = g;
            }
        }
        assertThat(deepest).isEqualTo(3);
        assertThat(depth[3]).isGreaterThanOrEqualTo(TalkingPoints.TOPIC_SHIFT);
    }

    @Test
    void aTopicShiftEndsATalkingPointAtAShortPauseOnceLongEnough() {
        List<TimeSpan> spans = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            spans.add(new TimeSpan(i * 3_300_000L, i * 3_300_000L + 3_000_000L));
        }
        double[] shift = {0, 0, 0.8, 0, 0};
        List<TalkingPoint> points =
                new TalkingPoints(700_000, 5_000_000, 60_000_000).split(spans, shift, 20_000_000);
        assertThat(points).extracting(TalkingPoint::startUs).containsExactly(0L, 9_900_000L);
        // too early for a clip: the shift after the first sentence does not split
        double[] early = {0.8, 0, 0, 0, 0};
        assertThat(
                        new TalkingPoints(700_000, 5_000_000, 60_000_000)
                                .split(spans, early, 20_000_000))
                .hasSize(1);
    }

    @Test
    void keptIntervalsCutFillersAndLongPauses() {
        List<Word> w = words("so um we | | shipped it");
        // so 0-0.25, um 0.3-0.55, we 0.6-0.85, a 1.25 s pause, shipped 2.1-2.35, it 2.4-2.65
        List<TimeSpan> kept = KeptIntervals.of(0, 3_000_000, w, true);
        assertThat(kept)
                .containsExactly(
                        // "so" keeps 80 ms of release, "we" 40 ms before its onset
                        new TimeSpan(0L, 330_000L),
                        new TimeSpan(560_000L, 1_100_000L),
                        new TimeSpan(1_850_000L, 3_000_000L));
        assertThat(KeptIntervals.of(0, 3_000_000, w, false))
                .containsExactly(new TimeSpan(0L, 3_000_000L));
    }

    @Test
    void relevanceIsTheShareOfPromptTermsSaid() {
        List<Word> w = words("our pricing changed and prices went up");
        assertThat(TextSignals.relevance(w, "moments about pricing")).isEqualTo(1f);
        assertThat(TextSignals.relevance(w, "pricing and hiring")).isEqualTo(0.5f);
        assertThat(TextSignals.relevance(w, null)).isZero();
    }
}
