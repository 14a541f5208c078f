package io.clipstream.operators.analysis.shots.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.DataType;
import io.clipstream.operators.analysis.SegmentAnalyzer;
import io.clipstream.operators.analysis.shots.CombinedShotDetector;
import io.clipstream.operators.analysis.shots.SceneDetection;
import io.clipstream.operators.analysis.shots.VideoSignals;
import io.clipstream.operators.media.MediaLimits;
import io.clipstream.operators.media.MediaProbe;
import io.clipstream.operators.media.SegmentPlan;
import io.clipstream.operators.media.SegmentPlanner;
import io.clipstream.operators.testing.ShotTestVideos;
import io.clipstream.schemas.FrameSignals;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model-based detector's loading and inference path, on a tiny randomly initialised network
 * that the test builds and saves itself; nothing is downloaded. A real trained model is loaded the
 * same way; no test here needs one.
 */
class TransitionModelTest {
    @TempDir static Path dir;
    static TransitionModel.Spec spec;

    @BeforeAll
    static void buildTinyModel() throws Exception {
        Engine.getEngine("PyTorch").setRandomSeed(42);
        try (Model model = Model.newInstance("transition-net", "PyTorch")) {
            model.setBlock(TransitionNetwork.build(2));
            model.getBlock()
                    .initialize(
                            model.getNDManager(),
                            DataType.FLOAT32,
                            TransitionNetwork.inputShape(ModelFrameScorer.WINDOW));
            model.save(dir, "transition-net");
        }
        assertThat(dir.resolve("transition-net-0000.params")).exists();
        spec = new TransitionModel.Spec(dir.toString(), "transition-net", 2);
    }

    @Test
    void savedModelLoadsAndGivesOneProbabilityPerFrameDeterministically() throws Exception {
        byte[][] frames = new byte[ModelFrameScorer.WINDOW][];
        for (int i = 0; i < frames.length; i++) {
            frames[i] = new byte[TransitionNetwork.WIDTH * TransitionNetwork.HEIGHT * 3];
            java.util.Arrays.fill(frames[i], (byte) (i < 50 ? 30 : 200)); // a cut at 50
        }
        try (TransitionModel model = TransitionModel.load(spec)) {
            float[] first = model.predict(new FrameWindow(frames));
            float[] again = model.predict(new FrameWindow(frames));
            assertThat(first).hasSize(ModelFrameScorer.WINDOW).isEqualTo(again);
            for (float p : first) {
                assertThat(p).isBetween(0f, 1f);
            }
        }
    }

    @Test
    void missingModelFileIsAClearError() {
        assertThatThrownBy(
                        () ->
                                TransitionModel.load(
                                        new TransitionModel.Spec(
                                                dir.toString(), "no-such-model", 2)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("no-such-model");
    }

    @Test
    void segmentedModelProbabilitiesEqualAWholeFilePass() throws Exception {
        Path video = ShotTestVideos.get("hard-cuts").path();
        var probe = MediaProbe.probe(video, MediaLimits.DEFAULT);
        var settings = new SegmentAnalyzer.Settings(128, 0, false, spec);
        VideoSignals whole =
                signals(
                        video,
                        probe,
                        settings,
                        List.of(
                                new SegmentPlan(
                                        0,
                                        0,
                                        probe.frameCount(),
                                        0,
                                        probe.facts().getDurationUs())));
        VideoSignals segmented =
                signals(
                        video,
                        probe,
                        settings,
                        new SegmentPlanner(4_000_000, ModelFrameScorer.CONTEXT)
                                .plan(probe, t -> true));
        assertThat(whole.frameCount()).isEqualTo(368);
        assertThat(segmented.model).isEqualTo(whole.model);
        assertThat(whole.model).isNotEqualTo(new float[368]); // the model really ran
    }

    @Test
    void analysisRefusesSegmentsPlannedWithoutModelContext() throws Exception {
        Path video = ShotTestVideos.get("hard-cuts").path();
        var probe = MediaProbe.probe(video, MediaLimits.DEFAULT);
        List<SegmentPlan> plans = new SegmentPlanner(4_000_000, 12).plan(probe, t -> true);
        try (SegmentAnalyzer analyzer =
                new SegmentAnalyzer(new SegmentAnalyzer.Settings(128, 0, false, spec))) {
            assertThatThrownBy(
                            () ->
                                    analyzer.analyse(
                                            SceneDetection.task(
                                                    probe, plans.get(1), plans.size(), video),
                                            video,
                                            null))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("clipstream.ingest.model-context");
        }
    }

    @Test
    void sceneDetectionRunsWithTheModelSelected() throws Exception {
        var withModel = CombinedShotDetector.Settings.DEFAULT.withModelThreshold(0.5);
        var result =
                new SceneDetection(
                                new SegmentAnalyzer.Settings(128, 0, false, spec),
                                withModel,
                                4_000_000,
                                2)
                        .detect(ShotTestVideos.get("hard-cuts").path());
        // untrained weights: the count means nothing, but every boundary must be a real frame
        assertThat(result.boundaries())
                .allSatisfy(b -> assertThat(b.getFrame()).isBetween(1L, 367L));
    }

    private static VideoSignals signals(
            Path video,
            io.clipstream.operators.media.ProbeResult probe,
            SegmentAnalyzer.Settings settings,
            List<SegmentPlan> plans)
            throws Exception {
        List<FrameSignals> parts = new ArrayList<>();
        try (SegmentAnalyzer analyzer = new SegmentAnalyzer(settings)) {
            for (SegmentPlan p : plans) {
                parts.add(
                        analyzer.analyse(
                                        SceneDetection.task(probe, p, plans.size(), video),
                                        video,
                                        null)
                                .getFrameSignals());
            }
        }
        return VideoSignals.of(parts);
    }
}
