package io.clipstream.operators.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.clipstream.operators.analysis.VideoAssembler;
import io.clipstream.schemas.AudioWindow;
import io.clipstream.schemas.ClipPlan;
import io.clipstream.schemas.Options;
import io.clipstream.schemas.ReasonCode;
import io.clipstream.schemas.SegmentAnalysis;
import io.clipstream.schemas.StreamFacts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class VideoAssemblyFunctionTest {
    static final long TIMEOUT_MS = 60_000;

    static KeyedOneInputStreamOperatorTestHarness<String, SegmentAnalysis, ClipPlan> harness()
            throws Exception {
        var h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(
                                new VideoAssemblyFunction(
                                        VideoAssembler.Settings.DEFAULT, TIMEOUT_MS)),
                        SegmentAnalysis::getVideoId,
                        Types.STRING);
        h.open();
        return h;
    }

    /**
     * Segment i of a 20 s video in two halves, speech 1-9 s and 11-19 s at -20 dBFS over -70 dBFS.
     */
    static SegmentAnalysis segment(String videoId, int index) {
        long start = index * 10_000_000L;
        List<AudioWindow> windows = new ArrayList<>();
        for (long t = start; t < start + 10_000_000L; t += 20_000) {
            double s = (t % 10_000_000L) / 1e6;
            float level = s >= 1 && s < 9 ? -20f : -70f;
            windows.add(new AudioWindow(t, 20_000, level, level, 0f, 0f, 0f));
        }
        StreamFacts facts =
                StreamFacts.newBuilder()
                        .setContainer("mp4")
                        .setVideoCodec("h264")
                        .setFps(25)
                        .setWidth(1920)
                        .setHeight(1080)
                        .setDurationUs(20_000_000)
                        .setFrameCount(500)
                        .setSizeBytes(1)
                        .build();
        return SegmentAnalysis.newBuilder()
                .setVideoId(videoId)
                .setTenantId("acme")
                .setSourceUri("s3://b/uploads/acme/" + videoId)
                .setSegmentIndex(index)
                .setSegmentCount(2)
                .setStartUs(start)
                .setEndUs(start + 10_000_000L)
                .setStream(facts)
                .setOptions(Options.newBuilder().setMinClipSeconds(5).setMaxClipSeconds(12).build())
                .setShotBoundaries(List.of())
                .setAudioWindows(windows)
                .setRequestedAt(Instant.EPOCH)
                .build();
    }

    @Test
    void outOfOrderSegmentsAssembleOnceAndStateIsCleared() throws Exception {
        try (var h = harness()) {
            h.processElement(new StreamRecord<>(segment("v", 1), 0));
            assertThat(h.extractOutputValues()).isEmpty();
            h.processElement(new StreamRecord<>(segment("v", 0), 0));
            List<ClipPlan> plans = h.extractOutputValues();
            assertThat(plans).hasSize(2);
            assertThat(plans).extracting(ClipPlan::getRank).containsExactly(1, 2);
            assertThat(plans)
                    .allSatisfy(
                            p ->
                                    assertThat(p.getEndUs() - p.getStartUs())
                                            .isBetween(5_000_000L, 12_000_000L));
            assertThat(h.getSideOutput(Outputs.SCORED)).hasSize(2);

            // a replayed duplicate of a finished video is ignored
            h.processElement(new StreamRecord<>(segment("v", 1), 0));
            assertThat(h.extractOutputValues()).hasSize(2);

            h.setProcessingTime(TIMEOUT_MS + 1);
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.getSideOutput(Outputs.DEAD_LETTERS)).isNullOrEmpty();
        }
    }

    @Test
    void missingSegmentTimesOutIntoDeadLetter() throws Exception {
        try (var h = harness()) {
            h.processElement(new StreamRecord<>(segment("v", 0), 0));
            h.setProcessingTime(TIMEOUT_MS + 1);
            assertThat(h.extractOutputValues()).isEmpty();
            assertThat(h.getSideOutput(Outputs.DEAD_LETTERS))
                    .singleElement()
                    .satisfies(
                            r ->
                                    assertThat(r.getValue().getReason())
                                            .isEqualTo(ReasonCode.SEGMENT_TIMEOUT));
            assertThat(h.numKeyedStateEntries()).isZero();
        }
    }

    @Test
    void failedSegmentFailsTheVideoWithItsReason() throws Exception {
        try (var h = harness()) {
            SegmentAnalysis broken = segment("v", 1);
            broken.setFailure("segment 1 could not be analysed: decode error");
            h.processElement(new StreamRecord<>(broken, 0));
            h.processElement(new StreamRecord<>(segment("v", 0), 0));
            assertThat(h.extractOutputValues()).isEmpty();
            assertThat(h.getSideOutput(Outputs.DEAD_LETTERS))
                    .singleElement()
                    .satisfies(
                            r ->
                                    assertThat(r.getValue().getReason())
                                            .isEqualTo(ReasonCode.ANALYSIS_FAILED));
            h.setProcessingTime(TIMEOUT_MS + 1);
            assertThat(h.numKeyedStateEntries()).isZero();
        }
    }
}
