package io.clipstream.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clipstream.operators.testing.CollectingSink;
import io.clipstream.operators.testing.FiniteSources;
import io.clipstream.operators.testing.VideoRecords;
import io.clipstream.operators.webhooks.TestReceiver;
import io.clipstream.schemas.ClipRendered;
import io.clipstream.schemas.DeadLetter;
import io.clipstream.schemas.JobStatus;
import io.clipstream.schemas.ReasonCode;
import io.clipstream.schemas.Stage;
import io.clipstream.schemas.State;
import io.clipstream.schemas.UploadRequested;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class NotifyJobTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void signedWebhooksReachTheReceiverAndAFailedDeliveryBecomesADeadLetter() throws Exception {
        try (TestReceiver good = new TestReceiver(() -> 200);
                TestReceiver refusing = new TestReceiver(() -> 410)) {
            Configuration conf = new Configuration();
            // acme's secret inline, globex's from a secrets file (a mounted Kubernetes Secret)
            java.nio.file.Path file = java.nio.file.Files.createTempFile("webhook-secrets", "");
            java.nio.file.Files.writeString(file, "globex=globex-secret\n");
            conf.setString("clipstream.webhooks.secrets", "acme:acme-secret");
            conf.setString("clipstream.webhooks.secrets-file", file.toString());
            conf.setString("clipstream.webhooks.allow-private-networks", "true");
            conf.setString("clipstream.webhooks.initial-backoff", "10 ms");
            NotifyJob.Settings settings = NotifyJob.settings(conf);
            assertThat(settings.toString()).contains("acme").doesNotContain("acme-secret");

            List<UploadRequested> uploads =
                    List.of(
                            VideoRecords.upload("done", "acme", good.url() + "hooks?src=test"),
                            VideoRecords.upload("gone", "globex", refusing.url()),
                            VideoRecords.upload("broken", "acme", good.url()),
                            VideoRecords.upload("quiet", "acme", null),
                            VideoRecords.upload("nosecret", "initech", good.url()));
            List<JobStatus> statuses =
                    List.of(
                            VideoRecords.status(
                                    "done", "acme", Stage.INGEST, State.SUCCEEDED, null),
                            VideoRecords.status("done", "acme", Stage.ANALYSIS, State.SUCCEEDED, 2),
                            VideoRecords.status(
                                    "gone", "globex", Stage.ANALYSIS, State.SUCCEEDED, 0),
                            VideoRecords.status(
                                    "quiet", "acme", Stage.ANALYSIS, State.SUCCEEDED, 0),
                            VideoRecords.status(
                                    "nosecret", "initech", Stage.ANALYSIS, State.SUCCEEDED, 0));
            List<ClipRendered> clips =
                    List.of(
                            VideoRecords.clip("done", "acme", "c1", 1, 2),
                            VideoRecords.clip("done", "acme", "c2", 2, 2),
                            VideoRecords.clip("quiet", "acme", "q1", 1, 1));
            List<DeadLetter> letters =
                    List.of(
                            VideoRecords.deadLetter(
                                    "broken", "acme", Stage.INGEST, ReasonCode.CORRUPT));

            CollectingSink<JobStatus> reports = new CollectingSink<>();
            CollectingSink<DeadLetter> dead = new CollectingSink<>();
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(2);
            new NotifyJob(
                            FiniteSources.of(uploads, UploadRequested.class),
                            FiniteSources.of(statuses, JobStatus.class),
                            FiniteSources.of(clips, ClipRendered.class),
                            FiniteSources.of(letters, DeadLetter.class),
                            reports,
                            dead,
                            settings,
                            2)
                    .build(env);
            env.execute("notify-test");

            // the good receiver: one completed for "done", one failed for "broken"; progress for
            // "done" only where its status was read before its clips (the four sources race here)
            var received = good.received();
            assertThat(received)
                    .extracting(r -> r.header("Idempotency-Key"))
                    .filteredOn(key -> key.endsWith(".end"))
                    .containsExactlyInAnyOrder("done.end", "broken.end");
            assertThat(received)
                    .extracting(r -> r.header("Idempotency-Key"))
                    .filteredOn(key -> !key.endsWith(".end"))
                    .doesNotHaveDuplicates()
                    .isSubsetOf("done.progress.ingest", "done.progress.analysis");
            for (TestReceiver.Received r : received) {
                assertThat(r.signedWith("acme-secret")).as(r.body()).isTrue();
            }
            JsonNode completed =
                    JSON.readTree(
                            received.stream()
                                    .filter(r -> r.header("Idempotency-Key").equals("done.end"))
                                    .findFirst()
                                    .orElseThrow()
                                    .body());
            assertThat(completed.get("event").asText()).isEqualTo("completed");
            assertThat(completed.get("clips")).hasSize(2);
            assertThat(
                            received.stream()
                                    .filter(r -> r.header("Idempotency-Key").equals("done.end"))
                                    .findFirst()
                                    .orElseThrow()
                                    .path())
                    .isEqualTo("/hooks?src=test");
            JsonNode failed =
                    JSON.readTree(
                            received.stream()
                                    .filter(r -> r.header("Idempotency-Key").equals("broken.end"))
                                    .findFirst()
                                    .orElseThrow()
                                    .body());
            assertThat(failed.get("event").asText()).isEqualTo("failed");
            assertThat(failed.get("reason").asText()).isEqualTo("CORRUPT");

            // 410 is not retried; a tenant without a secret is never sent to; each undelivered
            // webhook is a dead letter
            assertThat(refusing.received())
                    .extracting(r -> r.header("Idempotency-Key"))
                    .containsExactlyInAnyOrder("gone.progress.analysis", "gone.end");
            assertThat(dead.received())
                    .allMatch(
                            d ->
                                    d.getReason() == ReasonCode.WEBHOOK_FAILED
                                            && d.getStage() == Stage.NOTIFY)
                    .extracting(DeadLetter::getVideoId, DeadLetter::getMessage)
                    .containsExactlyInAnyOrder(
                            tuple(
                                    "gone",
                                    "could not deliver 'progress' to "
                                            + refusing.url()
                                            + ": receiver answered HTTP 410"),
                            tuple(
                                    "gone",
                                    "could not deliver 'completed' to "
                                            + refusing.url()
                                            + ": receiver answered HTTP 410"),
                            tuple(
                                    "nosecret",
                                    "could not deliver 'progress' to "
                                            + good.url()
                                            + ": no webhook secret is configured for tenant"
                                            + " 'initech'"),
                            tuple(
                                    "nosecret",
                                    "could not deliver 'completed' to "
                                            + good.url()
                                            + ": no webhook secret is configured for tenant"
                                            + " 'initech'"));
            JsonNode empty =
                    JSON.readTree(
                            refusing.received().stream()
                                    .filter(r -> r.header("Idempotency-Key").equals("gone.end"))
                                    .findFirst()
                                    .orElseThrow()
                                    .body());
            assertThat(empty.get("clips")).isEmpty();
            assertThat(empty.get("time").asText()).isEqualTo("1970-01-01T00:01:40Z");
            // every delivery is reported on job-status, the query string (a receiver's token) left
            // out
            assertThat(reports.received())
                    .hasSize(received.size() + 4)
                    .allMatch(s -> s.getStage() == Stage.NOTIFY);
            assertThat(reports.received())
                    .filteredOn(s -> s.getVideoId().equals("done") && s.getProgress() == 1f)
                    .extracting(JobStatus::getMessage)
                    .containsExactly(
                            "delivered 'completed' to "
                                    + good.url()
                                    + "hooks (HTTP 200, attempt 1)");
        }
    }
}
