package io.clipstream.operators.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The receiver the README shows ({@code tools/webhook-receiver.py}) accepts what clipstream signs.
 */
class ReadmeReceiverTest {
    private static final Path SCRIPT = Path.of("..", "tools", "webhook-receiver.py");

    @Test
    void theReadmeReceiverVerifiesOurSignatureAndRefusesAnotherSecret() throws Exception {
        assumeTrue(
                new ProcessBuilder("python3", "--version").start().waitFor() == 0,
                "python3 is not installed: the README's receiver cannot run (WebhookSignerTest checks"
                        + " the same HMAC against a value computed outside Java)");
        assertThat(SCRIPT).exists();
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Process receiver =
                new ProcessBuilder(
                                "python3",
                                SCRIPT.toString(),
                                "readme-secret",
                                Integer.toString(port))
                        .redirectErrorStream(true)
                        .start();
        try (BufferedReader lines =
                new BufferedReader(
                        new InputStreamReader(receiver.getInputStream(), StandardCharsets.UTF_8))) {
            awaitListening(port);
            WebhookDelivery.Policy policy =
                    new WebhookDelivery.Policy(
                            1,
                            Duration.ofMillis(10),
                            Duration.ofMillis(10),
                            Duration.ofSeconds(5),
                            true);
            String url = "http://127.0.0.1:" + port + "/hook";
            WebhookRequest request =
                    new WebhookRequest(
                            "v9",
                            "acme",
                            "completed",
                            url,
                            "{\"event\":\"completed\"}",
                            "v9.end",
                            true);
            try (WebhookDelivery good =
                    new WebhookDelivery(
                            policy,
                            WebhookSecrets.of(Map.of("acme", "readme-secret")),
                            WebhookTarget.DNS,
                            new WebhookTransport(),
                            1)) {
                WebhookResult result = good.deliver(request).get(30, TimeUnit.SECONDS);
                assertThat(result.delivered).as(result.reason).isTrue();
                assertThat(result.status).isEqualTo(204);
            }
            assertThat(lines.readLine()).isEqualTo("verified v9.end {\"event\":\"completed\"}");
            try (WebhookDelivery forged =
                    new WebhookDelivery(
                            policy,
                            WebhookSecrets.of(Map.of("acme", "guessed")),
                            WebhookTarget.DNS,
                            new WebhookTransport(),
                            1)) {
                WebhookResult result = forged.deliver(request).get(30, TimeUnit.SECONDS);
                assertThat(result.delivered).isFalse();
                assertThat(result.reason).isEqualTo("receiver answered HTTP 401");
            }
            assertThat(lines.readLine()).startsWith("REJECTED v9.end");
        } finally {
            receiver.destroy();
            receiver.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static void awaitListening(int port) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (java.io.IOException e) {
                Thread.sleep(50);
            }
        }
        throw new AssertionError("the receiver did not start on port " + port);
    }
}
