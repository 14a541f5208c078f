package io.clipstream.operators.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.clipstream.schemas.ClipRendered;
import io.clipstream.schemas.JobStatus;
import io.clipstream.schemas.State;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class RenderCompletionFunctionTest {
    static ClipRendered clip(String id) {
        return ClipRendered.newBuilder()
                .setClipId(id)
                .setVideoId("v")
                .setTenantId("acme")
                .setRank(1)
                .setClipCount(2)
                .setScore(1f)
                .setStartUs(0)
                .setEndUs(1)
                .setOutputs(List.of())
                .setRenderedAt(Instant.EPOCH)
                .build();
    }

    @Test
    void duplicatesCountOnceAndTheVideoCompletesOnceThenStateIsCleared() throws Exception {
        try (var h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new RenderCompletionFunction(1000)),
                        ClipRendered::getVideoId,
                        Types.STRING)) {
            h.open();
            h.processElement(new StreamRecord<>(clip("a"), 0));
            h.processElement(new StreamRecord<>(clip("a"), 0)); // replay
            h.processElement(new StreamRecord<>(clip("b"), 0));
            h.processElement(new StreamRecord<>(clip("b"), 0)); // replay after completion
            List<JobStatus> out = h.extractOutputValues();
            assertThat(out)
                    .extracting(JobStatus::getState)
                    .containsExactly(State.RUNNING, State.RUNNING, State.SUCCEEDED);
            h.setProcessingTime(1001);
            assertThat(h.numKeyedStateEntries()).isZero();
        }
    }
}
