package io.clipstream.operators.webhooks;

/**
 * One webhook to deliver: the body is fixed when the event is decided, so every retry (and every
 * replay after a restart) sends the same bytes under the same idempotency key. A Flink POJO.
 */
public class WebhookRequest {
    public String videoId;
    public String tenantId;

    /** {@code progress}, {@code completed} or {@code failed}. */
    public String event;

    public String url;
    public String body;
    public String idempotencyKey;

    /** Whether this is the video's last webhook (completed or failed). */
    public boolean terminal;

    public WebhookRequest() {}

    public WebhookRequest(
            String videoId,
            String tenantId,
            String event,
            String url,
            String body,
            String idempotencyKey,
            boolean terminal) {
        this.videoId = videoId;
        this.tenantId = tenantId;
        this.event = event;
        this.url = url;
        this.body = body;
        this.idempotencyKey = idempotencyKey;
        this.terminal = terminal;
    }
}
