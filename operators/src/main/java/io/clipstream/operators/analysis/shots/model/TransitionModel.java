package io.clipstream.operators.analysis.shots.model;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A trained {@link TransitionNetwork} loaded from a file with DJL's PyTorch engine, on the GPU when
 * one is present. Nothing is downloaded: the parameters file must exist locally (DJL runs with
 * {@code ai.djl.offline=true}).
 */
public final class TransitionModel implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TransitionModel.class);

    /** Where the model is and how it was built. */
    public record Spec(String directory, String name, int filters) implements Serializable {
        public Path path() {
            return Path.of(directory);
        }
    }

    private final ZooModel<FrameWindow, float[]> model;
    private final Predictor<FrameWindow, float[]> predictor;

    private TransitionModel(ZooModel<FrameWindow, float[]> model) {
        this.model = model;
        this.predictor = model.newPredictor();
    }

    public static TransitionModel load(Spec spec) throws IOException {
        Path params = spec.path().resolve(spec.name() + "-0000.params");
        if (!Files.isRegularFile(params)
                && !Files.isRegularFile(spec.path().resolve(spec.name() + ".params"))) {
            throw new IOException(
                    "No shot model '"
                            + spec.name()
                            + "' in "
                            + spec.directory()
                            + " (expected "
                            + params.getFileName()
                            + ")");
        }
        Device device = Engine.getEngine("PyTorch").getGpuCount() > 0 ? Device.gpu() : Device.cpu();
        Criteria<FrameWindow, float[]> criteria =
                Criteria.builder()
                        .setTypes(FrameWindow.class, float[].class)
                        .optEngine("PyTorch")
                        .optDevice(device)
                        .optModelPath(spec.path())
                        .optModelName(spec.name())
                        .optBlock(TransitionNetwork.build(spec.filters()))
                        .optTranslator(new WindowTranslator())
                        .build();
        try {
            ZooModel<FrameWindow, float[]> model = criteria.loadModel();
            LOG.info("Loaded shot model {} from {} on {}", spec.name(), spec.directory(), device);
            return new TransitionModel(model);
        } catch (ModelNotFoundException | MalformedModelException e) {
            throw new IOException(
                    "Could not load shot model "
                            + spec.name()
                            + " from "
                            + spec.directory()
                            + ": "
                            + e.getMessage(),
                    e);
        }
    }

    /** Transition probability of each frame of the window. */
    public float[] predict(FrameWindow window) throws IOException {
        try {
            return predictor.predict(window);
        } catch (TranslateException e) {
            throw new IOException("Shot model inference failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        predictor.close();
        model.close();
    }
}
