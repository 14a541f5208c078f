package io.clipstream.operators.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.clipstream.operators.speech.DemoTalk;
import io.clipstream.operators.speech.SidecarEngine;
import io.clipstream.operators.speech.SpeechFixtures;
import io.clipstream.operators.speech.VoskEngine;
import io.clipstream.schemas.AudioWindow;
import io.clipstream.schemas.ClipPlan;
import io.clipstream.schemas.Options;
import io.clipstream.schemas.ScoredSegment;
import io.clipstream.schemas.SegmentAnalysis;
import io.clipstream.schemas.StreamFacts;
import io.clipstream.schemas.TimeSpan;
import io.clipstream.schemas.Word;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Evaluation on a generated talk: three planted highlights (a question hook, a louder and faster
 * passage, a complete short story) between three filler passages. The highlights must rank above
 * every filler passage, and no clip edge may fall inside a word. The ranks are printed for the
 * report.
 */
class HighlightEvaluationTest {
    private static final org.slf4j.Logger LOG =
            org.slf4j.LoggerFactory.getLogger(HighlightEvaluationTest.class);

    /** Passage names in order, and where each one's speech lies. */
    static final Map<String, TimeSpan> PASSAGES = new LinkedHashMap<>();

    static SpeechFixtures.Fixture talk;

    @BeforeAll
    static void speak() {
        assumeThat(SpeechFixtures.available())
                .as(
                        "skipped: the evaluation talk is spoken by espeak-ng; install the Debian package espeak-ng")
                .isTrue();
        DemoTalk.Spoken spoken = DemoTalk.speak();
        talk = spoken.fixture();
        PASSAGES.putAll(spoken.passages());
    }

    /** The talk's analysis as one segment, with the given words. */
    static VideoAssembler.Result assemble(List<Word> words, String prompt) {
        short[] s = talk.samples();
        int windows = s.length / AudioFeatures.WINDOW_SAMPLES;
        List<AudioWindow> features = AudioFeatures.windows(s, 0, 0, windows);
        long duration = windows * (long) AudioFeatures.WINDOW_US;
        StreamFacts facts =
                StreamFacts.newBuilder()
                        .setContainer("mp4")
                        .setVideoCodec("h264")
                        .setFps(25)
                        .setWidth(1280)
                        .setHeight(720)
                        .setDurationUs(duration)
                        .setFrameCount(duration * 25 / 1_000_000)
                        .setSizeBytes(1)
                        .build();
        SegmentAnalysis analysis =
                SegmentAnalysis.newBuilder()
                        .setVideoId("evaluation")
                        .setTenantId("acme")
                        .setSourceUri("file:///talk.mp4")
                        .setSegmentIndex(0)
                        .setSegmentCount(1)
                        .setStartUs(0)
                        .setEndUs(duration)
                        .setStream(facts)
                        .setOptions(
                                Options.newBuilder()
                                        .setMinClipSeconds(6)
                                        .setMaxClipSeconds(30)
                                        .setMaxClips(3)
                                        .setPrompt(prompt)
                                        .build())
                        .setShotBoundaries(List.of())
                        .setAudioWindows(features)
                        .setWords(words)
                        .setRequestedAt(Instant.EPOCH)
                        .build();
        return new VideoAssembler(VideoAssembler.Settings.DEFAULT).assemble(List.of(analysis), 0);
    }

    /** Rank (1 = best) of the talking point covering each passage's middle. */
    static Map<String, Integer> ranks(VideoAssembler.Result result) {
        List<ScoredSegment> ranked = new ArrayList<>(result.scored());
        ranked.sort(
                Comparator.comparingDouble((ScoredSegment x) -> -x.getScore())
                        .thenComparingLong(ScoredSegment::getStartUs));
        Map<String, Integer> out = new LinkedHashMap<>();
        PASSAGES.forEach(
                (name, span) -> {
                    long middle = (span.getStartUs() + span.getEndUs()) / 2;
                    for (int i = 0; i < ranked.size(); i++) {
                        if (ranked.get(i).getStartUs() <= middle
                                && middle < ranked.get(i).getEndUs()) {
                            out.put(name, i + 1);
                        }
                    }
                });
        return out;
    }

    static List<Word> sidecarWords() {
        try (SidecarEngine engine =
                new SidecarEngine(SpeechFixtures.captionerCues(talk), true, null, 250_000)) {
            return new ArrayList<>(engine.transcribe(talk.samples(), 0).words());
        }
    }

    @Test
    void plantedHighlightsOutrankFillerWithTranscriptWords() {
        VideoAssembler.Result result = assemble(sidecarWords(), null);
        Map<String, Integer> ranks = ranks(result);
        LOG.info(
                "Highlight ranks with transcript words: {} of {} talking points",
                ranks,
                result.scored().size());
        assertThat(ranks).hasSize(PASSAGES.size());
        assertHighlightsAboveFillers(ranks);
        assertThat(result.plans()).hasSize(3);
        assertNoEdgeInsideAWord(result);
        for (ScoredSegment s : result.scored()) {
            assertThat(s.getText()).isNotBlank();
            assertThat(s.getComponents()).hasSize(8);
        }
    }

    @Test
    void thePromptPullsItsTopicUp() {
        Map<String, Integer> plain = ranks(assemble(sidecarWords(), null));
        Map<String, Integer> prompted =
                ranks(assemble(sidecarWords(), "moments about the founder and the contract"));
        LOG.info(
                "Story rank without prompt {}, with prompt {}",
                plain.get("complete story"),
                prompted.get("complete story"));
        assertThat(prompted.get("complete story")).isEqualTo(1);
    }

    @Test
    void withPausesAloneTheLoudFastPassageStillLeads() {
        VideoAssembler.Result result = assemble(List.of(), null);
        Map<String, Integer> ranks = ranks(result);
        LOG.info("Highlight ranks from pauses and acoustics alone: {}", ranks);
        assertThat(ranks.get("louder and faster")).as("ranks %s", ranks).isEqualTo(1);
        assertHighlightsAboveFillers(ranks);
        assertThat(result.plans()).isNotEmpty();
    }

    @Test
    void recognisedWordsAlsoRankTheHighlightsFirst() throws java.io.IOException {
        List<Word> words;
        try (VoskEngine engine = new VoskEngine(null, 250_000)) {
            words = new ArrayList<>(engine.transcribe(talk.samples(), 0).words());
        }
        VideoAssembler.Result result = assemble(words, null);
        Map<String, Integer> ranks = ranks(result);
        LOG.info("Highlight ranks with vosk words: {}", ranks);
        assertNoEdgeInsideAWord(result);
        assertHighlightsAboveFillers(ranks);
    }

    static void assertHighlightsAboveFillers(Map<String, Integer> ranks) {
        assertThat(ranks).hasSize(PASSAGES.size());
        int worstHighlight = 0;
        int bestFiller = Integer.MAX_VALUE;
        for (DemoTalk.Passage p : DemoTalk.PASSAGES) {
            int rank = ranks.get(p.name());
            if (p.highlight()) {
                worstHighlight = Math.max(worstHighlight, rank);
            } else {
                bestFiller = Math.min(bestFiller, rank);
            }
        }
        assertThat(worstHighlight).as("ranks %s", ranks).isLessThan(bestFiller);
    }

    static void assertNoEdgeInsideAWord(VideoAssembler.Result result) {
        for (ClipPlan plan : result.plans()) {
            for (Word w : result.words()) {
                assertThat(plan.getStartUs() > w.getStartUs() && plan.getStartUs() < w.getEndUs())
                        .as(
                                "clip %d starts inside '%s' [%d, %d)",
                                plan.getRank(), w.getText(), w.getStartUs(), w.getEndUs())
                        .isFalse();
                assertThat(plan.getEndUs() > w.getStartUs() && plan.getEndUs() < w.getEndUs())
                        .as("clip %d ends inside '%s'", plan.getRank(), w.getText())
                        .isFalse();
            }
        }
    }
}
