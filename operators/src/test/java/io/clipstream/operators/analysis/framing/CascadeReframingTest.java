package io.clipstream.operators.analysis.framing;

import io.clipstream.operators.analysis.faces.FaceSampler;

/** The framing evaluation with the OpenCV cascade, the detector used where BlazeFace is absent. */
class CascadeReframingTest extends ReframingEvaluationTest {
    @Override
    String detector() {
        return FaceSampler.Settings.FALLBACK;
    }
}
