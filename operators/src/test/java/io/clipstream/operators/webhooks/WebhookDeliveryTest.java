package io.clipstream.operators.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WebhookDeliveryTest {
    private static final WebhookSecrets SECRETS = WebhookSecrets.of(Map.of("acme", "s3cret"));
    private static final WebhookDelivery.Policy FAST =
            new WebhookDelivery.Policy(
                    4, Duration.ofMillis(20), Duration.ofMillis(80), Duration.ofSeconds(2), true);

    private WebhookDelivery delivery;

    @AfterEach
    void close() {
        if (delivery != null) {
            delivery.close();
        }
    }

    private WebhookDelivery delivery(WebhookDelivery.Policy policy, WebhookTarget.Resolver dns) {
        delivery = new WebhookDelivery(policy, SECRETS, dns, new WebhookTransport(), 4);
        return delivery;
    }

    private static WebhookRequest request(String url) {
        return new WebhookRequest(
                "v1", "acme", "completed", url, "{\"event\":\"completed\"}", "v1.end", true);
    }

    private static WebhookResult await(java.util.concurrent.CompletableFuture<WebhookResult> f)
            throws Exception {
        return f.get(60, TimeUnit.SECONDS);
    }

    @Test
    void serverErrorsAreRetriedWithTheSameBodyAndKeyAndEveryAttemptIsSigned() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        try (TestReceiver receiver =
                new TestReceiver(() -> calls.incrementAndGet() < 3 ? 503 : 204)) {
            WebhookResult result =
                    await(
                            delivery(FAST, WebhookTarget.DNS)
                                    .deliver(request(receiver.url() + "in")));
            assertThat(result.delivered).isTrue();
            assertThat(result.attempts).isEqualTo(3);
            assertThat(result.status).isEqualTo(204);
            assertThat(receiver.received()).hasSize(3);
            for (TestReceiver.Received r : receiver.received()) {
                assertThat(r.path()).isEqualTo("/in");
                assertThat(r.body()).isEqualTo("{\"event\":\"completed\"}");
                assertThat(r.header("Idempotency-Key")).isEqualTo("v1.end");
                assertThat(r.header("Content-Type")).startsWith("application/json");
                assertThat(r.signedWith("s3cret")).isTrue();
            }
            assertThat(result.describe())
                    .isEqualTo(
                            "delivered 'completed' to "
                                    + receiver.url()
                                    + "in (HTTP 204, attempt 3)");
        }
    }

    @Test
    void clientErrorsAreNotRetried() throws Exception {
        try (TestReceiver receiver = new TestReceiver(() -> 400)) {
            WebhookResult result =
                    await(delivery(FAST, WebhookTarget.DNS).deliver(request(receiver.url())));
            assertThat(result.delivered).isFalse();
            assertThat(result.attempts).isEqualTo(1);
            assertThat(result.reason).isEqualTo("receiver answered HTTP 400");
            assertThat(receiver.received()).hasSize(1);
        }
    }

    @Test
    void tooManyRequestsIsRetriedAndGivesUpAfterTheLastAttempt() throws Exception {
        try (TestReceiver receiver = new TestReceiver(() -> 429)) {
            WebhookResult result =
                    await(delivery(FAST, WebhookTarget.DNS).deliver(request(receiver.url())));
            assertThat(result.delivered).isFalse();
            assertThat(result.reason).isEqualTo("receiver answered HTTP 429 after 4 attempts");
            assertThat(receiver.received()).hasSize(4);
        }
    }

    @Test
    void redirectsAreNotFollowed() throws Exception {
        try (TestReceiver receiver = new TestReceiver(() -> 307)) {
            WebhookResult result =
                    await(delivery(FAST, WebhookTarget.DNS).deliver(request(receiver.url())));
            assertThat(result.delivered).isFalse();
            assertThat(result.reason).contains("redirect (HTTP 307), not followed");
            // the receiver saw the one request; nothing went to the Location it gave
            assertThat(receiver.received())
                    .extracting(TestReceiver.Received::path)
                    .containsExactly("/");
        }
    }

    @Test
    void aReceiverThatNeverAnswersTimesOutAndIsRetried() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (TestReceiver receiver =
                new TestReceiver(
                        () -> {
                            try {
                                release.await(30, TimeUnit.SECONDS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                            return 200;
                        })) {
            WebhookDelivery.Policy policy =
                    new WebhookDelivery.Policy(
                            2,
                            Duration.ofMillis(10),
                            Duration.ofMillis(10),
                            Duration.ofMillis(300),
                            true);
            var pending = delivery(policy, WebhookTarget.DNS).deliver(request(receiver.url()));
            // deliver() hands the work to its own threads: the caller is not held by the receiver
            assertThat(pending).isNotDone();
            WebhookResult result = await(pending);
            release.countDown();
            assertThat(result.delivered).isFalse();
            assertThat(result.reason).isEqualTo("no answer within 300 ms after 2 attempts");
            assertThat(receiver.received()).hasSize(2);
        }
    }

    @Test
    void theConnectionGoesToTheAddressResolvedOnceWithTheUrlsHostInTheHeader() throws Exception {
        AtomicInteger lookups = new AtomicInteger();
        AtomicInteger calls = new AtomicInteger();
        try (TestReceiver receiver =
                new TestReceiver(() -> calls.incrementAndGet() < 2 ? 500 : 200)) {
            WebhookTarget.Resolver dns =
                    host -> {
                        lookups.incrementAndGet();
                        return new InetAddress[] {InetAddress.getLoopbackAddress()};
                    };
            String url = "http://receiver.test:" + receiver.port() + "/hook";
            WebhookResult result = await(delivery(FAST, dns).deliver(request(url)));
            assertThat(result.delivered).isTrue();
            assertThat(lookups).hasValue(1); // retries reuse the checked address
            assertThat(receiver.received())
                    .extracting(TestReceiver.Received::host)
                    .containsOnly("receiver.test:" + receiver.port());
        }
    }

    @Test
    void refusedTargetsAndTenantsWithoutASecretAreNeverContacted() throws Exception {
        try (TestReceiver receiver = new TestReceiver(() -> 200)) {
            WebhookDelivery.Policy guarded =
                    new WebhookDelivery.Policy(
                            3,
                            Duration.ofMillis(10),
                            Duration.ofMillis(10),
                            Duration.ofSeconds(1),
                            false);
            WebhookResult loopback =
                    await(delivery(guarded, WebhookTarget.DNS).deliver(request(receiver.url())));
            assertThat(loopback.delivered).isFalse();
            assertThat(loopback.attempts).isZero();
            assertThat(loopback.reason).contains("https only");
            WebhookResult local =
                    await(delivery.deliver(request("https://localhost:" + receiver.port() + "/")));
            assertThat(local.reason).contains("loopback address");
            WebhookRequest stranger = request(receiver.url());
            stranger.tenantId = "globex";
            WebhookResult noSecret = await(delivery.deliver(stranger));
            assertThat(noSecret.reason)
                    .isEqualTo("no webhook secret is configured for tenant 'globex'");
            assertThat(receiver.received()).isEmpty();
        }
    }

    @Test
    void backoffDoublesUpToItsCeilingAndTheWorstCaseBoundsADelivery() {
        WebhookDelivery.Policy policy =
                new WebhookDelivery.Policy(
                        6,
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(10),
                        Duration.ofSeconds(5),
                        false);
        assertThat(policy.backoff(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(policy.backoff(3)).isEqualTo(Duration.ofSeconds(4));
        assertThat(policy.backoff(5)).isEqualTo(Duration.ofSeconds(10));
        // 6 attempts of at most 15 s, and waits of 1 + 2 + 4 + 8 + 10 s (16 capped to 10)
        assertThat(policy.worstCase()).isEqualTo(Duration.ofSeconds(90 + 25));
        assertThat(WebhookDelivery.redacted("https://h.example/p?token=secret"))
                .isEqualTo("https://h.example/p");
    }
}
