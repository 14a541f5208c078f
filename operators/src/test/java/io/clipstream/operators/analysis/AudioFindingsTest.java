package io.clipstream.operators.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.clipstream.schemas.SegmentAnalysis;
import java.util.List;
import org.junit.jupiter.api.Test;

class AudioFindingsTest {
    static SegmentAnalysis segment(long startS, long endS, List<String> findings) {
        SegmentAnalysis s = new SegmentAnalysis();
        s.setStartUs(startS * 1_000_000);
        s.setEndUs(endS * 1_000_000);
        s.setAudioFindings(findings);
        return s;
    }

    @Test
    void eachConditionIsOneWarningWithTheStretchesItWasFoundIn() {
        List<String> warnings =
                AudioFindings.warnings(
                        List.of(
                                segment(60, 90, List.of("CLIPPED")),
                                segment(0, 30, List.of("NARROW_BAND", "CLIPPED")),
                                segment(30, 60, List.of("NARROW_BAND")),
                                segment(90, 120, List.of())));
        assertThat(warnings)
                .containsExactly(
                        "speech audio: clipped (0:00-0:30, 1:00-1:30)",
                        "speech audio: narrow band (nothing above 4 kHz: telephone or 8 kHz audio) (0:00-1:00)");
    }

    @Test
    void cleanAudioGivesNoWarning() {
        SegmentAnalysis fromFlink = segment(0, 30, List.of());
        fromFlink.setAudioFindings(null); // Flink's POJO path can hand empty lists back as null
        assertThat(AudioFindings.warnings(List.of(fromFlink, segment(30, 60, List.of()))))
                .isEmpty();
    }
}
