package io.clipstream.operators.webhooks;

import java.io.IOException;
import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;

/**
 * Delivers webhooks at least once without blocking its caller: each attempt runs on a small pool of
 * I/O threads, and a failed attempt is tried again after an exponential backoff with jitter. A 5xx,
 * 408, 429, a timeout or a broken connection is retried; any other 4xx, a redirect, a refused
 * target or a certificate that does not match is final. Knows nothing of Flink.
 */
public final class WebhookDelivery implements AutoCloseable {

    /** How hard to try. */
    public record Policy(
            int maxAttempts,
            Duration initialBackoff,
            Duration maxBackoff,
            Duration requestTimeout,
            boolean allowPrivateNetworks)
            implements Serializable {
        public Policy {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("webhook attempts must be at least 1");
            }
        }

        /** The longest a delivery can take: every attempt timing out on connect and read. */
        public Duration worstCase() {
            Duration total = Duration.ZERO;
            for (int attempt = 1; attempt <= maxAttempts; attempt++) {
                total = total.plus(requestTimeout.multipliedBy(3));
                if (attempt < maxAttempts) {
                    total = total.plus(backoff(attempt));
                }
            }
            return total;
        }

        /** The upper bound of the wait after this failed attempt (1-based). */
        Duration backoff(int attempt) {
            long millis = initialBackoff.toMillis() << Math.min(attempt - 1, 30);
            return Duration.ofMillis(Math.min(Math.max(millis, 0), maxBackoff.toMillis()));
        }
    }

    private final Policy policy;
    private final WebhookSecrets secrets;
    private final WebhookTarget.Resolver dns;
    private final WebhookTransport transport;
    private final ExecutorService io;
    private final ScheduledExecutorService timer;

    public WebhookDelivery(
            Policy policy,
            WebhookSecrets secrets,
            WebhookTarget.Resolver dns,
            WebhookTransport transport,
            int threads) {
        this.policy = policy;
        this.secrets = secrets;
        this.dns = dns;
        this.transport = transport;
        this.io = Executors.newFixedThreadPool(threads, daemon("clipstream-webhook-io"));
        this.timer = Executors.newSingleThreadScheduledExecutor(daemon("clipstream-webhook-retry"));
    }

    /** Starts delivering; the future always completes normally, with the outcome. */
    public CompletableFuture<WebhookResult> deliver(WebhookRequest request) {
        CompletableFuture<WebhookResult> result = new CompletableFuture<>();
        io.execute(
                () -> {
                    try {
                        String secret =
                                secrets.secretFor(request.tenantId)
                                        .orElseThrow(
                                                () ->
                                                        new WebhookRefusedException(
                                                                "no webhook secret is configured"
                                                                        + " for tenant '"
                                                                        + request.tenantId
                                                                        + "'"));
                        WebhookTarget target =
                                WebhookTarget.resolve(
                                        request.url, policy.allowPrivateNetworks(), dns);
                        attempt(request, target, secret, 1, result);
                    } catch (WebhookRefusedException e) {
                        result.complete(WebhookResult.failed(request, 0, 0, e.getMessage()));
                    } catch (RuntimeException e) {
                        result.complete(WebhookResult.failed(request, 0, 0, e.toString()));
                    }
                });
        return result;
    }

    private void attempt(
            WebhookRequest request,
            WebhookTarget target,
            String secret,
            int attempt,
            CompletableFuture<WebhookResult> result) {
        int status = 0;
        String failure;
        boolean retry;
        try {
            long now = Instant.now().getEpochSecond();
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put(WebhookSigner.TIMESTAMP_HEADER, Long.toString(now));
            headers.put(
                    WebhookSigner.SIGNATURE_HEADER, WebhookSigner.sign(secret, now, request.body));
            headers.put(WebhookSigner.IDEMPOTENCY_HEADER, request.idempotencyKey);
            status = transport.post(target, headers, request.body, policy.requestTimeout());
            if (status >= 200 && status < 300) {
                result.complete(WebhookResult.delivered(request, status, attempt));
                return;
            }
            retry = status >= 500 || status == 408 || status == 429;
            failure =
                    status >= 300 && status < 400
                            ? "receiver answered a redirect (HTTP " + status + "), not followed"
                            : "receiver answered HTTP " + status;
        } catch (SSLHandshakeException e) {
            retry = false;
            failure = "TLS handshake failed: " + e.getMessage();
        } catch (IOException | RuntimeException e) {
            retry = true;
            failure =
                    e instanceof java.net.SocketTimeoutException
                            ? "no answer within " + policy.requestTimeout().toMillis() + " ms"
                            : "connection failed: " + e.getMessage();
        }
        if (!retry || attempt >= policy.maxAttempts()) {
            String why = retry ? failure + " after " + attempt + " attempts" : failure;
            result.complete(WebhookResult.failed(request, status, attempt, why));
            return;
        }
        long bound = policy.backoff(attempt).toMillis();
        // equal jitter: half the backoff for sure, the other half at random, so that receivers
        // that failed together are not retried together
        long wait = bound / 2 + ThreadLocalRandom.current().nextLong(bound / 2 + 1);
        timer.schedule(
                () -> io.execute(() -> attempt(request, target, secret, attempt + 1, result)),
                wait,
                TimeUnit.MILLISECONDS);
    }

    /** The URL without its query, which may carry a receiver's token, for logs and statuses. */
    public static String redacted(String url) {
        try {
            URI uri = new URI(url);
            return new URI(
                            uri.getScheme(),
                            null,
                            uri.getHost(),
                            uri.getPort(),
                            uri.getPath(),
                            null,
                            null)
                    .toString();
        } catch (Exception e) {
            return "(unreadable URL)";
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        io.shutdownNow();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
