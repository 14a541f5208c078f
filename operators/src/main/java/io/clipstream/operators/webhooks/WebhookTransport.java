package io.clipstream.operators.webhooks;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One HTTP/1.1 POST to a {@link WebhookTarget}'s resolved address. A general HTTP client resolves
 * the host again and may follow redirects; this one connects to the address the guard checked,
 * verifies the TLS certificate against the URL's host name, sends one request, reads only the
 * status line and closes. Redirects are answered like any other status: not followed.
 */
public final class WebhookTransport {
    private static final int MAX_STATUS_LINE = 1024;

    private final SSLSocketFactory tls;

    public WebhookTransport() {
        this((SSLSocketFactory) SSLSocketFactory.getDefault());
    }

    /** With a given TLS factory, for a receiver whose certificate a test trusts. */
    public WebhookTransport(SSLSocketFactory tls) {
        this.tls = tls;
    }

    /** Sends the body with the headers; returns the HTTP status code. */
    public int post(
            WebhookTarget target, Map<String, String> headers, String body, Duration timeout)
            throws IOException {
        byte[] payload = body.getBytes(StandardCharsets.UTF_8);
        int millis = (int) Math.max(1, timeout.toMillis());
        Socket plain = new Socket();
        try (Socket socket = open(plain, target, millis)) {
            socket.setSoTimeout(millis);
            StringBuilder head = new StringBuilder();
            head.append("POST ").append(target.requestTarget()).append(" HTTP/1.1\r\n");
            head.append("Host: ").append(hostHeader(target)).append("\r\n");
            head.append("User-Agent: clipstream-webhooks/1\r\n");
            head.append("Content-Type: application/json; charset=utf-8\r\n");
            head.append("Content-Length: ").append(payload.length).append("\r\n");
            head.append("Connection: close\r\n");
            headers.forEach(
                    (name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
            head.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
            out.write(payload);
            out.flush();
            return statusCode(new BufferedInputStream(socket.getInputStream()));
        } finally {
            plain.close();
        }
    }

    private Socket open(Socket plain, WebhookTarget target, int millis) throws IOException {
        plain.connect(new InetSocketAddress(target.address(), target.port()), millis);
        if (!target.tls()) {
            return plain;
        }
        SSLSocket socket = (SSLSocket) tls.createSocket(plain, target.host(), target.port(), true);
        SSLParameters params = socket.getSSLParameters();
        // the certificate must name the URL's host, although we connected to an address
        params.setEndpointIdentificationAlgorithm("HTTPS");
        socket.setSSLParameters(params);
        socket.setSoTimeout(millis);
        socket.startHandshake();
        return socket;
    }

    private static String hostHeader(WebhookTarget target) {
        int standard = target.tls() ? 443 : 80;
        String host =
                target.host().contains(":") && !target.host().startsWith("[")
                        ? "[" + target.host() + "]"
                        : target.host();
        return target.port() == standard ? host : host + ":" + target.port();
    }

    static int statusCode(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            if (line.length() >= MAX_STATUS_LINE) {
                throw new IOException("receiver's status line is longer than " + MAX_STATUS_LINE);
            }
            line.append((char) c);
        }
        String[] parts = line.toString().trim().split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
            throw new IOException("receiver did not answer HTTP: '" + line.toString().trim() + "'");
        }
        try {
            return Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IOException("receiver's status is not a number: '" + parts[1] + "'");
        }
    }
}
