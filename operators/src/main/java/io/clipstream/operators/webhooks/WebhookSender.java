package io.clipstream.operators.webhooks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;

/**
 * The Flink side of {@link WebhookDelivery}: used with {@code AsyncDataStream.unorderedWait} and a
 * bounded capacity, so a slow receiver holds at most that many deliveries in flight and never
 * blocks the operator thread. In-flight deliveries are in the checkpoint and replayed after a
 * restart, hence at least once and the idempotency key.
 */
public class WebhookSender extends RichAsyncFunction<WebhookRequest, WebhookResult> {
    private final WebhookDelivery.Policy policy;
    private final Map<String, String> inlineSecrets;
    private final String secretsFile;
    private final int threads;

    private transient WebhookDelivery delivery;
    private transient Counter delivered;
    private transient Counter failed;
    private transient Counter retries;

    /**
     * @param secretsFile read on each task manager when the operator opens (a mounted Kubernetes
     *     Secret), so its contents never travel in the job graph; null for none
     */
    public WebhookSender(
            WebhookDelivery.Policy policy,
            Map<String, String> inlineSecrets,
            String secretsFile,
            int threads) {
        this.policy = policy;
        this.inlineSecrets = new HashMap<>(inlineSecrets);
        this.secretsFile = secretsFile;
        this.threads = threads;
    }

    @Override
    public void open(OpenContext context) throws IOException {
        WebhookSecrets secrets =
                WebhookSecrets.of(inlineSecrets, secretsFile == null ? null : Path.of(secretsFile));
        delivery =
                new WebhookDelivery(
                        policy, secrets, WebhookTarget.DNS, new WebhookTransport(), threads);
        var metrics = getRuntimeContext().getMetricGroup();
        delivered = metrics.counter("webhooksDelivered");
        failed = metrics.counter("webhooksFailed");
        retries = metrics.counter("webhookRetries");
    }

    @Override
    public void asyncInvoke(WebhookRequest request, ResultFuture<WebhookResult> future) {
        delivery.deliver(request)
                .thenAccept(
                        result -> {
                            (result.delivered ? delivered : failed).inc();
                            retries.inc(Math.max(0, result.attempts - 1));
                            future.complete(List.of(result));
                        });
    }

    @Override
    public void timeout(WebhookRequest request, ResultFuture<WebhookResult> future) {
        failed.inc();
        future.complete(
                List.of(
                        WebhookResult.failed(
                                request,
                                0,
                                policy.maxAttempts(),
                                "gave up after " + policy.worstCase().toSeconds() + " s")));
    }

    @Override
    public void close() {
        if (delivery != null) {
            delivery.close();
        }
    }
}
