package io.clipstream.operators.analysis.framing;

import static org.assertj.core.api.Assertions.assertThat;

import io.clipstream.operators.analysis.SegmentAnalyzer;
import io.clipstream.operators.analysis.VideoAssembler;
import io.clipstream.operators.analysis.faces.FaceSampler;
import io.clipstream.operators.media.TalkingScenes;
import io.clipstream.operators.speech.SpeechSettings;
import io.clipstream.operators.speech.VoiceActivityEngine;
import io.clipstream.operators.storage.LocalMediaCache;
import io.clipstream.operators.testing.RealFootage;
import io.clipstream.operators.testing.TestPipelines;
import io.clipstream.schemas.CropPath;
import io.clipstream.schemas.SegmentAnalysis;
import io.clipstream.schemas.SegmentTask;
import io.clipstream.schemas.ShotFraming;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The virtual camera on wide shots built from the real GRID talking heads, with each face detector
 * (the subclasses) (see {@link TalkingScenes#standard()}): each scene goes through ingest (segments
 * of 4 s, so samples cross segment boundaries), the segment analyser with the default face
 * sampling, and the assembler's framing; every output frame of the planned crop path is scored
 * against where the faces really are.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ReframingEvaluationTest {
    /** The face detector under test. */
    abstract String detector();

    SegmentAnalyzer.Settings settings() {
        return SegmentAnalyzer.Settings.DEFAULT
                .withSpeech(SpeechSettings.DEFAULT.withEngine(VoiceActivityEngine.NAME))
                .withFaces(FaceSampler.Settings.DEFAULT.withDetector(detector()));
    }

    Path dir;
    final Map<String, TalkingScenes.Truth> truths = new LinkedHashMap<>();
    final Map<String, VirtualCamera.Scene> scenes = new LinkedHashMap<>();
    final Map<String, Long> durations = new LinkedHashMap<>();

    @AfterAll
    void clean() throws Exception {
        if (dir != null) {
            try (var files = java.nio.file.Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @BeforeAll
    void analyse() throws Exception {
        dir = java.nio.file.Files.createTempDirectory("clipstream-framing-");
        for (String head : TalkingScenes.GRID_HEADS) {
            RealFootage.file("talking/" + head);
        }
        Path talking = RealFootage.file("talking/ground_truth.json").getParent();
        List<TalkingScenes.Head> heads =
                TalkingScenes.gridHeads(talking, talking.resolve("ground_truth.json"));
        try (SegmentAnalyzer analyzer = new SegmentAnalyzer(settings())) {
            for (TalkingScenes.Spec spec : TalkingScenes.standard()) {
                Path video = dir.resolve(spec.name() + ".mp4");
                TalkingScenes.Truth truth =
                        TalkingScenes.write(heads, spec.parts(), 1280, 720, video);
                String uri = TestPipelines.upload(dir, "acme", spec.name(), video);
                List<SegmentTask> tasks =
                        TestPipelines.ingest(
                                TestPipelines.request(spec.name(), "acme", uri, 2, 10, 3),
                                TestPipelines.paths(dir),
                                4_000_000);
                List<SegmentAnalysis> analyses = new ArrayList<>();
                for (SegmentTask task : tasks) {
                    analyses.add(
                            analyzer.analyse(
                                    task,
                                    LocalMediaCache.localCopy(task.getSourceUri()),
                                    LocalMediaCache.localCopy(task.getAudioUri())));
                }
                truths.put(spec.name(), truth);
                scenes.put(
                        spec.name(),
                        new VideoAssembler(VideoAssembler.Settings.DEFAULT).scene(analyses));
                durations.put(spec.name(), tasks.get(0).getStream().getDurationUs());
            }
        }
    }

    CropPath plan(String scene, String aspect) {
        return new VirtualCamera(VirtualCamera.Settings.DEFAULT)
                .plan(scenes.get(scene), aspect, 0, durations.get(scene));
    }

    FramingScore.Result score(String scene, String aspect) {
        TalkingScenes.Truth truth = truths.get(scene);
        return FramingScore.score(plan(scene, aspect), truth, 0, truth.faces().size());
    }

    static final List<String> ASPECTS = List.of("9:16", "1:1", "4:5", "16:9");

    @Test
    void theSpeakersWholeFaceIsInFrameInAlmostEveryFrameOfEveryScene() {
        for (String scene : scenes.keySet()) {
            for (String aspect : ASPECTS) {
                FramingScore.Result r = score(scene, aspect);
                System.out.printf(
                        detector()
                                + " %-13s %-5s contained %.3f (%d/%d) jitter %.2f px/frame, settle %d, switches %d, shots %s%n",
                        scene,
                        aspect,
                        r.containedShare(),
                        r.contained(),
                        r.frames(),
                        r.meanJitterPx(),
                        r.settleFrames(),
                        r.switches(),
                        shots(scene, aspect).stream()
                                .map(x -> x.getLayout() + "/" + x.getSubject())
                                .toList());
                assertThat(r.containedShare())
                        .as(scene + " " + aspect)
                        .isGreaterThanOrEqualTo(0.98);
                // the decision for a shot is made before its first frame
                assertThat(r.settleFrames()).as(scene + " " + aspect).isZero();
            }
        }
    }

    @Test
    void aStillSpeakerGetsAStillWindow() {
        for (TalkingScenes.Spec spec : TalkingScenes.standard()) {
            if (!spec.stillSpeaker()) {
                continue;
            }
            for (String aspect : ASPECTS) {
                FramingScore.Result r = score(spec.name(), aspect);
                assertThat(r.meanJitterPx()).as(spec.name() + " " + aspect).isLessThan(1.0);
                assertThat(r.maxJitterPx()).as(spec.name() + " " + aspect).isLessThan(1.0);
            }
        }
    }

    @Test
    void aWalkingSpeakerIsFollowedByASmoothPanNoFasterThanTheLimit() {
        CropPath path = plan("moving", "9:16");
        assertThat(path.getShots())
                .singleElement()
                .satisfies(s -> assertThat(s.getMoving()).isTrue());
        FramingScore.Result r = score("moving", "9:16");
        double limitPerFrame =
                VirtualCamera.Settings.DEFAULT.maxPanPerSecond()
                        * 1280
                        / truths.get("moving").fps();
        assertThat(r.maxJitterPx()).isLessThanOrEqualTo(limitPerFrame + 2);
        // the walk is 0.44 of the frame in 6 s: about 3.8 px a frame, and the window keeps up
        assertThat(r.meanJitterPx()).isBetween(2.0, 6.0);
    }

    @Test
    void cutsGetANewDecisionAndNoPanCrossesOne() {
        VirtualCamera.Scene scene = scenes.get("cuts");
        assertThat(scene.cutsUs()).hasSize(2);
        for (String aspect : ASPECTS) {
            CropPath path = plan("cuts", aspect);
            assertThat(path.getShots()).hasSize(3);
            for (long cut : scene.cutsUs()) {
                var before =
                        path.getKeyframes().stream()
                                .filter(k -> k.getTimeUs() < cut)
                                .reduce((a, b) -> b);
                assertThat(before).isPresent();
                assertThat(before.get().getGlide()).as("a pan across the cut at %d", cut).isFalse();
                assertThat(path.getKeyframes()).anyMatch(k -> k.getTimeUs() == cut);
            }
        }
    }

    @Test
    void twoSpeakersTakingTurnsAreStackedInAVerticalClipAndCutBetweenOtherwise() {
        assertThat(shots("two-speakers", "9:16"))
                .singleElement()
                .satisfies(s -> assertThat(s.getLayout()).isEqualTo("split"));
        for (String aspect : List.of("1:1", "4:5")) {
            assertThat(shots("two-speakers", aspect))
                    .singleElement()
                    .satisfies(s -> assertThat(s.getLayout()).isEqualTo("crop"));
            // four turns: the window switches three times, each in the pause before a turn
            assertThat(score("two-speakers", aspect).switches()).as(aspect).isEqualTo(3);
        }
    }

    @Test
    void aStillFaceOnAPosterIsNotTakenForTheSpeaker() {
        CropPath path = plan("poster", "9:16");
        TalkingScenes.Truth truth = truths.get("poster");
        for (int f = 0; f < truth.faces().size(); f++) {
            CropWindows.Window w = CropWindows.at(path, Math.round(f * 1e6 / truth.fps()));
            TalkingScenes.Face poster = truth.faces().get(f).get(0);
            TalkingScenes.Face speaker = truth.faces().get(f).get(1);
            assertThat(speaker.left()).isGreaterThanOrEqualTo(w.x());
            assertThat(speaker.right()).isLessThanOrEqualTo(w.x() + w.width());
            assertThat(poster.right()).isLessThan(w.x() + w.width());
            assertThat(poster.left() >= w.x()).as("poster in the window").isFalse();
        }
        assertThat(path.getShots().get(0).getSubject()).isEqualTo("speaker");
    }

    @Test
    void aSlideIsLetterboxedWhole() {
        for (String aspect : List.of("9:16", "1:1", "4:5")) {
            assertThat(shots("slide", aspect))
                    .singleElement()
                    .satisfies(s -> assertThat(s.getLayout()).isEqualTo("letterbox"));
        }
        assertThat(shots("off-centre", "9:16").get(0).getLayout()).isEqualTo("crop");
    }

    @Test
    void facesAndTracksAreTheSameWhateverTheSegments() throws Exception {
        // the cut scene analysed as one segment and as 4 s segments (the shared setup)
        TalkingScenes.Spec spec =
                TalkingScenes.standard().stream()
                        .filter(x -> x.name().equals("cuts"))
                        .findFirst()
                        .orElseThrow();
        String uri = dir.resolve("uploads/acme/cuts/cuts.mp4").toUri().toString();
        List<SegmentTask> whole =
                TestPipelines.ingest(
                        TestPipelines.request(spec.name(), "acme", uri, 2, 10, 3),
                        TestPipelines.paths(dir),
                        60_000_000);
        assertThat(whole).hasSize(1);
        List<SegmentAnalysis> analyses = new ArrayList<>();
        try (SegmentAnalyzer analyzer = new SegmentAnalyzer(settings())) {
            analyses.add(
                    analyzer.analyse(
                            whole.get(0),
                            LocalMediaCache.localCopy(whole.get(0).getSourceUri()),
                            LocalMediaCache.localCopy(whole.get(0).getAudioUri())));
        }
        VirtualCamera.Scene one =
                new VideoAssembler(VideoAssembler.Settings.DEFAULT).scene(analyses);
        VirtualCamera.Scene split = scenes.get("cuts");
        assertThat(one.faces()).isNotEmpty();
        assertThat(split.faces()).isEqualTo(one.faces());
        assertThat(split.visuals()).isEqualTo(one.visuals());
    }

    List<ShotFraming> shots(String scene, String aspect) {
        return plan(scene, aspect).getShots();
    }
}
