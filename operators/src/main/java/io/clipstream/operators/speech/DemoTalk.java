package io.clipstream.operators.speech;

import io.clipstream.schemas.TimeSpan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sample talk of {@code clipstream demo} and of the highlight evaluation: three planted
 * highlights (a question hook, a louder and faster passage, a complete short story) between three
 * filler passages, spoken by espeak-ng.
 */
public final class DemoTalk {
    /** A passage: sentences spoken at one rate and level, a long pause after it. */
    public record Passage(
            String name,
            boolean highlight,
            double gainDb,
            int wordsPerMinute,
            List<String> sentences) {}

    public static final List<Passage> PASSAGES =
            List.of(
                    new Passage(
                            "filler 1",
                            false,
                            0,
                            150,
                            List.of(
                                    "Um, so, yeah, we had some meetings last week, I guess.",
                                    "And, uh, there was some stuff about the roadmap and things like that.",
                                    "So we talked about it for a while, and, um, that was that.")),
                    new Passage(
                            "question hook",
                            true,
                            0,
                            160,
                            List.of(
                                    "What would you do if your biggest customer left tomorrow?",
                                    "Most companies panic and cut prices the same week.",
                                    "The smart ones call that customer and ask what went wrong.")),
                    new Passage(
                            "filler 2",
                            false,
                            0,
                            150,
                            List.of(
                                    "Uh, okay, so, where was I, yeah.",
                                    "We had, um, some other meetings too, with some other people.",
                                    "And they were, you know, pretty much the same as the first ones.")),
                    new Passage(
                            "louder and faster",
                            true,
                            8,
                            215,
                            List.of(
                                    "Sales doubled in six weeks and our costs fell by a third.",
                                    "Every team beat its target and the board could not believe the numbers.",
                                    "That is the fastest growth we have ever seen.")),
                    new Passage(
                            "filler 3",
                            false,
                            0,
                            150,
                            List.of(
                                    "Um, anyway, uh, there is not much else to say about that part.",
                                    "So, yeah, the usual things happened, and, um, we moved on.",
                                    "I mean, it was fine, I guess, nothing special really.")),
                    new Passage(
                            "complete story",
                            true,
                            0,
                            160,
                            List.of(
                                    "Last spring our founder missed her flight to Berlin.",
                                    "At the gate she sat next to a stranger and showed him the product.",
                                    "By the time the next plane landed, he had signed our biggest contract.")));

    static final long SENTENCE_PAUSE_US = 350_000;
    static final long PASSAGE_PAUSE_US = 1_600_000;

    /** The spoken talk and where each passage's speech lies. */
    public record Spoken(SpeechFixtures.Fixture fixture, Map<String, TimeSpan> passages) {}

    private DemoTalk() {}

    public static Spoken speak() {
        List<SpeechFixtures.Line> lines = new ArrayList<>();
        List<int[]> ranges = new ArrayList<>();
        for (Passage p : PASSAGES) {
            int first = lines.size();
            for (int i = 0; i < p.sentences().size(); i++) {
                long pause = i == p.sentences().size() - 1 ? PASSAGE_PAUSE_US : SENTENCE_PAUSE_US;
                lines.add(
                        new SpeechFixtures.Line(
                                p.sentences().get(i),
                                "en-us",
                                p.wordsPerMinute(),
                                50,
                                pause,
                                p.gainDb()));
            }
            ranges.add(new int[] {first, lines.size() - 1});
        }
        SpeechFixtures.Fixture fixture = SpeechFixtures.build("demo-talk", lines);
        Map<String, TimeSpan> spans = new LinkedHashMap<>();
        for (int i = 0; i < PASSAGES.size(); i++) {
            int[] r = ranges.get(i);
            spans.put(
                    PASSAGES.get(i).name(),
                    new TimeSpan(
                            fixture.speech().get(r[0]).getStartUs(),
                            fixture.speech().get(r[1]).getEndUs()));
        }
        return new Spoken(fixture, spans);
    }
}
