package io.clipstream.operators.webhooks;

import io.clipstream.operators.flink.Outputs;
import io.clipstream.schemas.JobStatus;
import io.clipstream.schemas.ReasonCode;
import io.clipstream.schemas.Stage;
import io.clipstream.schemas.State;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Reports each delivery on job-status (stage NOTIFY: progress 1 after the video's last webhook, 0.5
 * before) and turns a delivery that failed for good into a {@code WEBHOOK_FAILED} dead letter whose
 * original record is that status.
 */
public class WebhookOutcomeFunction extends ProcessFunction<WebhookResult, JobStatus> {
    @Override
    public void processElement(WebhookResult result, Context ctx, Collector<JobStatus> out) {
        WebhookRequest request = result.request;
        JobStatus status =
                Outputs.status(
                        request.videoId,
                        request.tenantId,
                        Stage.NOTIFY,
                        result.delivered ? State.SUCCEEDED : State.FAILED,
                        request.terminal ? 1f : 0.5f,
                        result.describe());
        out.collect(status);
        if (!result.delivered) {
            ctx.output(
                    Outputs.DEAD_LETTERS,
                    Outputs.deadLetter(
                            request.videoId,
                            request.tenantId,
                            Stage.NOTIFY,
                            ReasonCode.WEBHOOK_FAILED,
                            result.describe(),
                            status));
        }
    }
}
