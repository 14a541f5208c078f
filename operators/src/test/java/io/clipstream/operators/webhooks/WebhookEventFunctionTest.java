package io.clipstream.operators.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clipstream.operators.testing.VideoRecords;
import io.clipstream.schemas.ReasonCode;
import io.clipstream.schemas.Stage;
import io.clipstream.schemas.State;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class WebhookEventFunctionTest {
    private static final String URL = "https://hooks.example.com/in";
    private static final ObjectMapper JSON = new ObjectMapper();

    static KeyedOneInputStreamOperatorTestHarness<String, NotifySignal, WebhookRequest> harness()
            throws Exception {
        var h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new WebhookEventFunction(100_000)),
                        (NotifySignal s) -> s.videoId,
                        Types.STRING);
        h.open();
        return h;
    }

    static NotifySignal up(String callback) {
        return NotifySignal.of(VideoRecords.upload("v", "acme", callback));
    }

    static NotifySignal st(Stage stage, State state, Integer clipCount) {
        return NotifySignal.of(VideoRecords.status("v", "acme", stage, state, clipCount));
    }

    static NotifySignal cl(String id, int rank, int count) {
        return NotifySignal.of(VideoRecords.clip("v", "acme", id, rank, count));
    }

    static NotifySignal dl(Stage stage, ReasonCode reason) {
        return NotifySignal.of(VideoRecords.deadLetter("v", "acme", stage, reason));
    }

    static void send(
            KeyedOneInputStreamOperatorTestHarness<String, NotifySignal, WebhookRequest> h,
            NotifySignal... signals)
            throws Exception {
        for (NotifySignal s : signals) {
            h.processElement(new StreamRecord<>(s, 0));
        }
    }

    @Test
    void progressPerStageThenOneCompletedWithEveryClipBestFirstEvenWhenRecordsComeBeforeTheUpload()
            throws Exception {
        try (var h = harness()) {
            // the status topic was read before the uploads topic: held until the callback is known
            send(h, st(Stage.INGEST, State.SUCCEEDED, null));
            assertThat(h.extractOutputValues()).isEmpty();
            send(
                    h,
                    up(URL),
                    st(Stage.INGEST, State.SUCCEEDED, null), // a replay
                    st(Stage.ANALYSIS, State.RUNNING, null),
                    st(Stage.ANALYSIS, State.SUCCEEDED, 2),
                    cl("c2", 2, 2),
                    cl("c2", 2, 2), // a duplicate after a restart
                    cl("c1", 1, 2),
                    st(Stage.RENDER, State.SUCCEEDED, null),
                    cl("c1", 1, 2));
            List<WebhookRequest> out = h.extractOutputValues();
            assertThat(out)
                    .extracting(r -> r.event)
                    .containsExactly("progress", "progress", "completed");
            assertThat(out)
                    .extracting(r -> r.idempotencyKey)
                    .containsExactly("v.progress.ingest", "v.progress.analysis", "v.end");
            assertThat(out).allMatch(r -> r.url.equals(URL) && r.tenantId.equals("acme"));
            JsonNode completed = JSON.readTree(out.get(2).body);
            assertThat(completed.get("event").asText()).isEqualTo("completed");
            assertThat(completed.get("videoId").asText()).isEqualTo("v");
            assertThat(completed.get("clips")).hasSize(2);
            assertThat(completed.get("clips").get(0).get("rank").asInt()).isEqualTo(1);
            assertThat(completed.get("clips").get(0).get("score").asDouble()).isEqualTo(89.0);
            assertThat(completed.get("clips").get(0).get("outputs").get(0).get("uri").asText())
                    .isEqualTo("s3://b/clips/acme/v/c1-9x16.mp4");
            assertThat(completed.get("time").asText()).isEqualTo("1970-01-01T00:03:22Z");
            JsonNode progress = JSON.readTree(out.get(1).body);
            assertThat(progress.get("stage").asText()).isEqualTo("analysis");
            assertThat(progress.get("clipCount").asInt()).isEqualTo(2);
            assertThat(out.get(2).terminal).isTrue();
        }
    }

    @Test
    void aDeadLetterSendsOneFailedWithItsReasonAndNothingAfter() throws Exception {
        try (var h = harness()) {
            send(
                    h,
                    up(URL),
                    st(Stage.INGEST, State.FAILED, null),
                    dl(Stage.INGEST, ReasonCode.NOT_A_VIDEO),
                    dl(Stage.INGEST, ReasonCode.NOT_A_VIDEO));
            h.setProcessingTime(WebhookEventFunction.FAILED_STATUS_GRACE_MS + 1);
            List<WebhookRequest> out = h.extractOutputValues();
            assertThat(out).extracting(r -> r.event).containsExactly("failed");
            JsonNode failed = JSON.readTree(out.get(0).body);
            assertThat(failed.get("reason").asText()).isEqualTo("NOT_A_VIDEO");
            assertThat(failed.get("message").asText()).isEqualTo("it broke");
            assertThat(failed.get("stage").asText()).isEqualTo("ingest");
        }
    }

    @Test
    void aFailedStatusWithoutADeadLetterFailsAfterTheGrace() throws Exception {
        try (var h = harness()) {
            send(h, up(URL), st(Stage.RENDER, State.FAILED, null));
            assertThat(h.extractOutputValues()).isEmpty();
            h.setProcessingTime(WebhookEventFunction.FAILED_STATUS_GRACE_MS);
            List<WebhookRequest> out = h.extractOutputValues();
            assertThat(out).extracting(r -> r.event).containsExactly("failed");
            assertThat(JSON.readTree(out.get(0).body).get("message").asText())
                    .isEqualTo("RENDER FAILED");
        }
    }

    @Test
    void noClipsChosenCompletesWithAnEmptyList() throws Exception {
        try (var h = harness()) {
            send(h, up(URL), st(Stage.ANALYSIS, State.SUCCEEDED, 0));
            List<WebhookRequest> out = h.extractOutputValues();
            assertThat(out).extracting(r -> r.event).containsExactly("progress", "completed");
            assertThat(JSON.readTree(out.get(1).body).get("clips")).isEmpty();
        }
    }

    @Test
    void aVideoWithoutCallbackSendsNothingOurOwnReportsAreIgnoredAndStateIsCleared()
            throws Exception {
        try (var h = harness()) {
            send(h, up(null), st(Stage.ANALYSIS, State.SUCCEEDED, 1), cl("c1", 1, 1));
            assertThat(h.extractOutputValues()).isEmpty();
            h.setProcessingTime(100_001);
            assertThat(h.numKeyedStateEntries()).isZero();
        }
        try (var h = harness()) {
            send(
                    h,
                    up(URL),
                    st(Stage.NOTIFY, State.FAILED, null),
                    dl(Stage.NOTIFY, ReasonCode.WEBHOOK_FAILED));
            h.setProcessingTime(WebhookEventFunction.FAILED_STATUS_GRACE_MS + 1);
            assertThat(h.extractOutputValues()).isEmpty();
            h.setProcessingTime(100_001);
            assertThat(h.numKeyedStateEntries()).isZero();
        }
    }
}
