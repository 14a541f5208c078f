package io.clipstream.operators.webhooks;

/** How one webhook's delivery ended. A Flink POJO. */
public class WebhookResult {
    public WebhookRequest request;
    public boolean delivered;

    /** The receiver's last HTTP status, 0 when none came. */
    public int status;

    public int attempts;

    /** Why it failed, for a person; empty when delivered. */
    public String reason;

    public WebhookResult() {}

    static WebhookResult delivered(WebhookRequest request, int status, int attempts) {
        return of(request, true, status, attempts, "");
    }

    static WebhookResult failed(WebhookRequest request, int status, int attempts, String reason) {
        return of(request, false, status, attempts, reason);
    }

    private static WebhookResult of(
            WebhookRequest request, boolean delivered, int status, int attempts, String reason) {
        WebhookResult result = new WebhookResult();
        result.request = request;
        result.delivered = delivered;
        result.status = status;
        result.attempts = attempts;
        result.reason = reason;
        return result;
    }

    /** One line for a person: what was sent where and how it ended. */
    public String describe() {
        String where = WebhookDelivery.redacted(request.url);
        return delivered
                ? "delivered '"
                        + request.event
                        + "' to "
                        + where
                        + " (HTTP "
                        + status
                        + ", attempt "
                        + attempts
                        + ")"
                : "could not deliver '" + request.event + "' to " + where + ": " + reason;
    }
}
