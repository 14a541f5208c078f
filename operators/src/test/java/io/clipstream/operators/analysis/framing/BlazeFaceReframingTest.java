package io.clipstream.operators.analysis.framing;

import static org.assertj.core.api.Assumptions.assumeThat;

import io.clipstream.operators.analysis.faces.BlazeFaceDetector;
import org.junit.jupiter.api.BeforeAll;

/** The framing evaluation with BlazeFace, the default detector where its model is installed. */
class BlazeFaceReframingTest extends ReframingEvaluationTest {
    @Override
    String detector() {
        return BlazeFaceDetector.NAME;
    }

    @BeforeAll
    @Override
    void analyse() throws Exception {
        assumeThat(BlazeFaceDetector.locate(null))
                .as("skipped: the BlazeFace model is not installed; run tools/setup-faces.sh")
                .isNotNull();
        super.analyse();
    }
}
