package io.clipstream.operators.webhooks;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntSupplier;

/**
 * A webhook receiver on the loopback interface, for tests: records every request it gets and
 * answers the status its script gives. Public so the job and CLI tests can use it too.
 */
public final class TestReceiver implements AutoCloseable {
    /** One request as received. */
    public record Received(String path, String host, Map<String, String> headers, String body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }

        /**
         * Whether the request carries a fresh (5 minutes) signature of its body by {@code secret}.
         */
        public boolean signedWith(String secret) {
            return WebhookSigner.verify(
                    secret,
                    header(WebhookSigner.SIGNATURE_HEADER),
                    header(WebhookSigner.TIMESTAMP_HEADER),
                    body,
                    System.currentTimeMillis() / 1000,
                    300);
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    /** Answers every request with what {@code status} returns at that moment. */
    public TestReceiver(IntSupplier status) throws IOException {
        this(path -> status.getAsInt());
    }

    /** Answers each request with the status {@code byPath} gives for its path and query. */
    public TestReceiver(java.util.function.ToIntFunction<String> byPath) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.createContext(
                "/",
                exchange -> {
                    String body =
                            new String(
                                    exchange.getRequestBody().readAllBytes(),
                                    StandardCharsets.UTF_8);
                    Map<String, String> headers = new java.util.TreeMap<>();
                    exchange.getRequestHeaders()
                            .forEach(
                                    (k, v) ->
                                            headers.put(
                                                    k.toLowerCase(java.util.Locale.ROOT),
                                                    v.get(0)));
                    received.add(
                            new Received(
                                    exchange.getRequestURI().toString(),
                                    headers.get("host"),
                                    headers,
                                    body));
                    int code = byPath.applyAsInt(exchange.getRequestURI().toString());
                    if (code >= 300 && code < 400) {
                        exchange.getResponseHeaders().add("Location", url() + "redirected");
                    }
                    exchange.sendResponseHeaders(code, -1);
                    exchange.close();
                });
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:port/}. */
    public String url() {
        return "http://127.0.0.1:" + port() + "/";
    }

    public List<Received> received() {
        return received;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
