package io.clipstream.operators.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.FileInputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Webhooks over TLS to the address the guard resolved: the certificate is checked against the URL's
 * host name even though the connection goes to an address, and a certificate for another name is
 * refused without a retry. The receiver's certificate is made by the JDK's keytool.
 */
class TlsReceiverTest {
    @Test
    void httpsIsVerifiedAgainstTheUrlsHostWhileConnectingToTheCheckedAddress(@TempDir Path dir)
            throws Exception {
        Path store = dir.resolve("receiver.p12");
        Process keytool =
                new ProcessBuilder(
                                Path.of(System.getProperty("java.home"), "bin", "keytool")
                                        .toString(),
                                "-genkeypair",
                                "-alias",
                                "receiver",
                                "-keyalg",
                                "EC",
                                "-dname",
                                "CN=hooks.acme.test",
                                "-ext",
                                "SAN=dns:hooks.acme.test",
                                "-validity",
                                "2",
                                "-storetype",
                                "PKCS12",
                                "-keystore",
                                store.toString(),
                                "-storepass",
                                "changeit")
                        .redirectErrorStream(true)
                        .start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue())
                .as(new String(keytool.getInputStream().readAllBytes()))
                .isZero();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (var in = new FileInputStream(store.toFile())) {
            keys.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf =
                KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, "changeit".toCharArray());
        SSLContext serverTls = SSLContext.getInstance("TLS");
        serverTls.init(kmf.getKeyManagers(), null, null);
        TrustManagerFactory tmf =
                TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(keys); // the client trusts this receiver's certificate, as a public CA's would be
        SSLContext clientTls = SSLContext.getInstance("TLS");
        clientTls.init(null, tmf.getTrustManagers(), null);

        AtomicInteger received = new AtomicInteger();
        HttpsServer server =
                HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(serverTls));
        server.createContext(
                "/",
                exchange -> {
                    exchange.getRequestBody().readAllBytes();
                    received.incrementAndGet();
                    exchange.sendResponseHeaders(204, -1);
                    exchange.close();
                });
        server.start();
        try {
            int port = server.getAddress().getPort();
            // every name resolves to the receiver on loopback (allowed here, as for a local test)
            WebhookTarget.Resolver dns =
                    host -> new InetAddress[] {InetAddress.getLoopbackAddress()};
            WebhookDelivery.Policy policy =
                    new WebhookDelivery.Policy(
                            3,
                            Duration.ofMillis(10),
                            Duration.ofMillis(10),
                            Duration.ofSeconds(5),
                            true);
            try (WebhookDelivery delivery =
                    new WebhookDelivery(
                            policy,
                            WebhookSecrets.of(Map.of("acme", "s")),
                            dns,
                            new WebhookTransport(clientTls.getSocketFactory()),
                            2)) {
                WebhookResult ok =
                        delivery.deliver(request("https://hooks.acme.test:" + port + "/in"))
                                .get(30, TimeUnit.SECONDS);
                assertThat(ok.delivered).as(ok.reason).isTrue();
                assertThat(ok.status).isEqualTo(204);
                assertThat(received).hasValue(1);

                // the same address under a name the certificate does not carry: refused, once
                WebhookResult wrongName =
                        delivery.deliver(request("https://hooks.evil.test:" + port + "/in"))
                                .get(30, TimeUnit.SECONDS);
                assertThat(wrongName.delivered).isFalse();
                assertThat(wrongName.attempts).isEqualTo(1);
                assertThat(wrongName.reason).startsWith("TLS handshake failed");
                assertThat(received).hasValue(1);
            }
        } finally {
            server.stop(0);
        }
    }

    private static WebhookRequest request(String url) {
        return new WebhookRequest("v1", "acme", "completed", url, "{}", "v1.end", true);
    }
}
