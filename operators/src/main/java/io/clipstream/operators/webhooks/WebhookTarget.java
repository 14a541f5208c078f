package io.clipstream.operators.webhooks;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Where one webhook goes, checked against server-side request forgery: {@code https} only (plain
 * {@code http} only where private networks are allowed, for a local receiver), no user info, and a
 * host resolved once here; the delivery connects to that very address, so a DNS answer that changes
 * between the check and the connection cannot move it inside. Loopback, link-local (cloud metadata
 * at 169.254.169.254 included), private, carrier-grade NAT, unique-local, multicast and unspecified
 * addresses are refused unless private networks are allowed.
 *
 * @param host the name in the URL, for the {@code Host} header and TLS server name
 * @param address the resolved address the connection goes to
 * @param requestTarget the path and query sent on the request line
 */
public record WebhookTarget(
        String url, boolean tls, String host, int port, InetAddress address, String requestTarget) {

    /** Name resolution, replaceable in tests to play a DNS answer that points inside. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    public static final Resolver DNS = InetAddress::getAllByName;

    /** Checks {@code url} and resolves its host. */
    public static WebhookTarget resolve(String url, boolean allowPrivateNetworks, Resolver dns)
            throws WebhookRefusedException {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new WebhookRefusedException("callback URL is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(scheme.equals("http") && allowPrivateNetworks)) {
            throw new WebhookRefusedException(
                    "callback URL scheme '"
                            + scheme
                            + "' refused: https only (plain http needs"
                            + " clipstream.webhooks.allow-private-networks=true)");
        }
        if (uri.getRawUserInfo() != null) {
            throw new WebhookRefusedException("callback URL must not carry user info");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new WebhookRefusedException("callback URL has no host");
        }
        boolean tls = scheme.equals("https");
        int port = uri.getPort() == -1 ? (tls ? 443 : 80) : uri.getPort();
        InetAddress[] addresses;
        try {
            addresses =
                    dns.resolve(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
        } catch (UnknownHostException e) {
            throw new WebhookRefusedException("callback host '" + host + "' does not resolve");
        }
        if (addresses.length == 0) {
            throw new WebhookRefusedException("callback host '" + host + "' does not resolve");
        }
        if (!allowPrivateNetworks) {
            for (InetAddress address : addresses) {
                String why = internal(address);
                if (why != null) {
                    throw new WebhookRefusedException(
                            "callback host '"
                                    + host
                                    + "' resolves to "
                                    + why
                                    + " address "
                                    + address.getHostAddress()
                                    + ", refused (clipstream.webhooks.allow-private-networks"
                                    + " allows it)");
                }
            }
        }
        String path =
                uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String target = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        return new WebhookTarget(url, tls, host, port, addresses[0], target);
    }

    /** What kind of internal address this is, or null for a public one. */
    static String internal(InetAddress address) {
        if (address instanceof Inet6Address v6) {
            byte[] b = v6.getAddress();
            if (isMappedV4(b)) {
                try {
                    return internal(
                            InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
                } catch (UnknownHostException e) {
                    return "an unreadable";
                }
            }
            if ((b[0] & 0xfe) == 0xfc) {
                return "a unique-local (fc00::/7)";
            }
        }
        if (address.isAnyLocalAddress()) {
            return "an unspecified";
        }
        if (address.isLoopbackAddress()) {
            return "a loopback";
        }
        if (address.isLinkLocalAddress()) {
            return "a link-local (cloud metadata lives here)";
        }
        if (address.isSiteLocalAddress()) {
            return "a private";
        }
        if (address.isMulticastAddress()) {
            return "a multicast";
        }
        if (address instanceof Inet4Address) {
            byte[] b = address.getAddress();
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            if (first == 0) {
                return "a this-network (0.0.0.0/8)";
            }
            if (first == 100 && second >= 64 && second < 128) {
                return "a carrier-grade NAT (100.64.0.0/10)";
            }
            if (first == 192 && second == 0 && (b[2] & 0xff) == 0) {
                return "an IETF protocol (192.0.0.0/24)";
            }
            if (first == 198 && (second == 18 || second == 19)) {
                return "a benchmarking (198.18.0.0/15)";
            }
            if (first >= 240) {
                return "a reserved (240.0.0.0/4)";
            }
        }
        return null;
    }

    private static boolean isMappedV4(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
    }
}
