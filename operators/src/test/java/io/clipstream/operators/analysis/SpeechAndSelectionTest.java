package io.clipstream.operators.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.clipstream.operators.media.AudioExtractor;
import io.clipstream.operators.media.MediaLimits;
import io.clipstream.operators.media.MediaProbe;
import io.clipstream.operators.media.Wav16kMono;
import io.clipstream.operators.testing.TestVideos;
import io.clipstream.schemas.AudioWindow;
import io.clipstream.schemas.ScoreComponent;
import io.clipstream.schemas.StreamFacts;
import io.clipstream.schemas.TimeSpan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpeechAndSelectionTest {
    static List<AudioWindow> windows(
            double seconds, double[][] loud, float speechDb, float floorDb) {
        List<AudioWindow> out = new ArrayList<>();
        for (long t = 0; t < seconds * 1e6; t += AudioFeatures.WINDOW_US) {
            float level = floorDb;
            for (double[] s : loud) {
                if (t >= s[0] * 1e6 && t < s[1] * 1e6) {
                    level = speechDb;
                }
            }
            out.add(new AudioWindow(t, AudioFeatures.WINDOW_US, level, level, 0f, 0f, 0f));
        }
        return out;
    }

    @Test
    void voiceActivityFollowsSpeechWithHangoverAndBridgesShortGaps() {
        List<TimeSpan> spans =
                new VoiceActivity(250_000)
                        .speechSpans(
                                windows(10, new double[][] {{1, 3}, {3.1, 4}, {6, 8}}, -20, -60));
        assertThat(spans).hasSize(2);
        assertThat(spans.get(0).getStartUs()).isEqualTo(1_000_000);
        assertThat(spans.get(0).getEndUs()).isEqualTo(4_000_000 + VoiceActivity.HANGOVER_US);
        assertThat(spans.get(1).getStartUs()).isEqualTo(6_000_000);
    }

    @Test
    void noiseFloorAdaptsToANoisyRecording() {
        // speech 15 dB over a -35 dBFS room: a fixed -50 dB gate would call everything speech
        List<TimeSpan> spans =
                new VoiceActivity(250_000)
                        .speechSpans(windows(10, new double[][] {{2, 5}}, -20, -35));
        assertThat(spans)
                .singleElement()
                .satisfies(s -> assertThat(s.getStartUs()).isEqualTo(2_000_000));
    }

    @Test
    void speechOnsetsAndOffsetsOfTheTestTalkAreWithinATenthOfASecond() throws Exception {
        Path video = TestVideos.talk();
        var probe = MediaProbe.probe(video, MediaLimits.DEFAULT);
        Path wav = Files.createTempFile("talk", ".wav");
        AudioExtractor.extract(
                video, probe.facts().getStartPtsUs(), probe.facts().getDurationUs(), wav);
        assertThat(Wav16kMono.sampleCount(wav))
                .isEqualTo(Wav16kMono.sampleAt(probe.facts().getDurationUs()));
        List<AudioWindow> w = SegmentAnalyzer.audioWindows(wav, 0, probe.facts().getDurationUs());
        List<TimeSpan> spans = new VoiceActivity(250_000).speechSpans(w);
        assertThat(spans).hasSize(TestVideos.TALK_SPEECH.length);
        for (int i = 0; i < spans.size(); i++) {
            assertThat(spans.get(i).getStartUs() / 1e6)
                    .isCloseTo(
                            TestVideos.TALK_SPEECH[i][0], org.assertj.core.data.Offset.offset(0.1));
            assertThat(spans.get(i).getEndUs() / 1e6)
                    .isCloseTo(
                            TestVideos.TALK_SPEECH[i][1], org.assertj.core.data.Offset.offset(0.2));
        }
    }

    @Test
    void talkingPointsBreakAtLongPausesAndRespectTheLongestClip() {
        List<TimeSpan> spans =
                List.of(
                        new TimeSpan(0L, 4_000_000L),
                        new TimeSpan(4_300_000L, 8_000_000L),
                        new TimeSpan(9_500_000L, 12_000_000L),
                        new TimeSpan(12_200_000L, 30_000_000L));
        List<TalkingPoint> points =
                new TalkingPoints(700_000, 1_000_000, 20_000_000).split(spans, 31_000_000);
        assertThat(points)
                .extracting(TalkingPoint::startUs)
                .containsExactly(0L, 9_500_000L, 12_200_000L);
        assertThat(points.get(0).pauseAfterUs()).isEqualTo(1_500_000);
        assertThat(points.get(1).durationUs()).isEqualTo(2_500_000);
    }

    @Test
    void selectionSpreadsClipsOverTheVideoWhenItCan() {
        List<ClipSelector.Candidate> c =
                List.of(
                        new ClipSelector.Candidate(0, 0, 10_000_000, 90),
                        new ClipSelector.Candidate(1, 11_000_000, 21_000_000, 85),
                        new ClipSelector.Candidate(2, 50_000_000, 60_000_000, 60));
        assertThat(ClipSelector.select(c, 5_000_000, 20_000_000, 2, 12_500_000))
                .extracting(ClipSelector.Candidate::index)
                .containsExactly(0, 2);
        assertThat(ClipSelector.select(c, 5_000_000, 20_000_000, 2, 0))
                .extracting(ClipSelector.Candidate::index)
                .containsExactly(0, 1);
        // too few far-apart candidates: the close one still fills the third slot
        assertThat(ClipSelector.select(c, 5_000_000, 20_000_000, 3, 12_500_000))
                .extracting(ClipSelector.Candidate::index)
                .containsExactly(0, 1, 2);
    }

    @Test
    void selectionPicksBestNonOverlappingClipsWithinDurations() {
        List<ClipSelector.Candidate> c =
                List.of(
                        new ClipSelector.Candidate(0, 0, 10_000_000, 50f),
                        new ClipSelector.Candidate(1, 5_000_000, 15_000_000, 90f),
                        new ClipSelector.Candidate(2, 20_000_000, 30_000_000, 70f),
                        new ClipSelector.Candidate(3, 40_000_000, 41_000_000, 99f),
                        new ClipSelector.Candidate(4, 50_000_000, 60_000_000, 60f));
        assertThat(ClipSelector.select(c, 5_000_000, 20_000_000, 2))
                .extracting(ClipSelector.Candidate::index)
                .containsExactly(1, 2);
        assertThat(ClipSelector.select(c, 5_000_000, 20_000_000, 10))
                .extracting(ClipSelector.Candidate::index)
                .containsExactly(1, 2, 4);
    }

    @Test
    void louderTalkingPointScoresHigherAndComponentsAreExplained() {
        List<AudioWindow> w = windows(30, new double[][] {{1, 9}, {11, 19}, {21, 29}}, -26, -70);
        for (AudioWindow a : w) {
            if (a.getStartUs() >= 11_000_000 && a.getStartUs() < 19_000_000) {
                a.setLoudnessDb(-18);
                a.setLoudnessLufs(-18);
            }
        }
        List<TimeSpan> speech =
                List.of(
                        new TimeSpan(1_000_000L, 9_000_000L),
                        new TimeSpan(11_000_000L, 19_000_000L),
                        new TimeSpan(21_000_000L, 29_000_000L));
        EngagementScorer scorer = new EngagementScorer(700_000);
        EngagementScorer.Baseline baseline =
                EngagementScorer.baseline(EngagementScorer.voiced(w, speech), speech, List.of());
        TalkingPoint calm =
                new TalkingPoint(0, 1_000_000, 9_000_000, 1_000_000, 2_000_000, 8_000_000);
        TalkingPoint loud =
                new TalkingPoint(1, 11_000_000, 19_000_000, 2_000_000, 2_000_000, 8_000_000);
        List<ScoreComponent> a =
                scorer.components(point(calm, w, speech), baseline, List.of(), List.of(), null);
        List<ScoreComponent> b =
                scorer.components(point(loud, w, speech), baseline, List.of(), List.of(), null);
        assertThat(EngagementScorer.total(b)).isGreaterThan(EngagementScorer.total(a));
        assertThat(a)
                .extracting(ScoreComponent::getName)
                .containsExactly(
                        "hook",
                        "energy",
                        "pitchVariation",
                        "pace",
                        "completeness",
                        "clarity",
                        "visualRhythm",
                        "relevance");
        assertThat(a.stream().mapToDouble(ScoreComponent::getWeight).sum())
                .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(EngagementScorer.total(b)).isBetween(0f, 100f);
    }

    static EngagementScorer.Point point(
            TalkingPoint p, List<AudioWindow> w, List<TimeSpan> speech) {
        return new EngagementScorer.Point(
                p,
                List.of(),
                List.of(),
                EngagementScorer.voiced(w, speech).stream()
                        .filter(x -> x.getStartUs() >= p.startUs() && x.getStartUs() < p.endUs())
                        .toList());
    }

    @Test
    void centreCropKeepsTheAspectAndHonoursRotation() {
        StreamFacts landscape =
                StreamFacts.newBuilder()
                        .setContainer("mp4")
                        .setVideoCodec("h264")
                        .setFps(30)
                        .setWidth(1920)
                        .setHeight(1080)
                        .setDurationUs(1)
                        .setFrameCount(1)
                        .setSizeBytes(1)
                        .build();
        var k = CropPlanner.centre(landscape, "9:16", 0).getKeyframes().get(0);
        assertThat(k.getHeight()).isEqualTo(1080);
        assertThat(k.getWidth()).isEqualTo(606);
        assertThat(k.getX()).isEqualTo(656); // centred, rounded down to even for 4:2:0 chroma
        StreamFacts portraitPhone = StreamFacts.newBuilder(landscape).setRotation(90).build();
        var p = CropPlanner.centre(portraitPhone, "9:16", 0).getKeyframes().get(0);
        assertThat(p.getWidth()).isEqualTo(1080);
        assertThat(p.getHeight()).isEqualTo(1920);
        assertThat(CropPlanner.outputSize("16:9")).containsExactly(1920, 1080);
    }

    @Test
    void minimumShotLengthKeepsTheStrongerOfTwoCloseCandidates() {
        var a =
                new io.clipstream.schemas.ShotBoundary(
                        0L, 100L, io.clipstream.schemas.ShotKind.CUT, 30f);
        var b =
                new io.clipstream.schemas.ShotBoundary(
                        0L, 104L, io.clipstream.schemas.ShotKind.CUT, 60f);
        var c =
                new io.clipstream.schemas.ShotBoundary(
                        0L, 200L, io.clipstream.schemas.ShotKind.CUT, 40f);
        assertThat(ShotBoundaries.withMinimumShotLength(List.of(c, b, a, b), 8))
                .extracting(s -> s.getFrame())
                .containsExactly(104L, 200L);
    }
}
