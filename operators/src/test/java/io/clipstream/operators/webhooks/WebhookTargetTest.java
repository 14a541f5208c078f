package io.clipstream.operators.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookTargetTest {
    /** A DNS that answers every name with the given addresses; no real lookups in these tests. */
    private static WebhookTarget.Resolver answering(String... addresses) {
        return host -> {
            InetAddress[] out = new InetAddress[addresses.length];
            for (int i = 0; i < addresses.length; i++) {
                out[i] = InetAddress.getByName(addresses[i]);
            }
            return out;
        };
    }

    @Test
    void publicHttpsTargetKeepsItsHostForTlsAndItsResolvedAddressForTheConnection()
            throws Exception {
        WebhookTarget target =
                WebhookTarget.resolve(
                        "https://hooks.example.com/clipstream/in?token=abc",
                        false,
                        answering("93.184.216.34"));
        assertThat(target.tls()).isTrue();
        assertThat(target.host()).isEqualTo("hooks.example.com");
        assertThat(target.port()).isEqualTo(443);
        assertThat(target.address().getHostAddress()).isEqualTo("93.184.216.34");
        assertThat(target.requestTarget()).isEqualTo("/clipstream/in?token=abc");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "127.0.0.1", // loopback
                "10.1.2.3",
                "172.16.0.9",
                "192.168.1.1", // private
                "169.254.169.254", // cloud metadata (link-local)
                "100.64.0.1", // carrier-grade NAT
                "0.0.0.0",
                "224.0.0.1", // multicast
                "::1",
                "fe80::1",
                "fd00:ec2::254", // AWS metadata over IPv6 (unique-local)
                "::ffff:127.0.0.1" // IPv4-mapped loopback
            })
    void internalAddressesAreRefused(String address) {
        assertThatThrownBy(
                        () ->
                                WebhookTarget.resolve(
                                        "https://hooks.example.com/", false, answering(address)))
                .isInstanceOf(WebhookRefusedException.class)
                .hasMessageContaining("refused")
                .hasMessageContaining("allow-private-networks");
    }

    @Test
    void aNameResolvingToAPublicAndAnInternalAddressIsRefused() {
        assertThatThrownBy(
                        () ->
                                WebhookTarget.resolve(
                                        "https://rebind.example.com/",
                                        false,
                                        answering("93.184.216.34", "169.254.169.254")))
                .hasMessageContaining("169.254.169.254");
    }

    @Test
    void plainHttpUserInfoAndOtherSchemesAreRefused() {
        WebhookTarget.Resolver dns = answering("93.184.216.34");
        assertThatThrownBy(() -> WebhookTarget.resolve("http://hooks.example.com/", false, dns))
                .hasMessageContaining("https only");
        assertThatThrownBy(() -> WebhookTarget.resolve("file:///etc/passwd", false, dns))
                .hasMessageContaining("scheme 'file'");
        assertThatThrownBy(() -> WebhookTarget.resolve("gopher://x/", true, dns))
                .hasMessageContaining("scheme 'gopher'");
        assertThatThrownBy(
                        () ->
                                WebhookTarget.resolve(
                                        "https://user:pw@hooks.example.com/", false, dns))
                .hasMessageContaining("user info");
        assertThatThrownBy(() -> WebhookTarget.resolve("https:///nohost", false, dns))
                .hasMessageContaining("no host");
        assertThatThrownBy(() -> WebhookTarget.resolve("ht tp://bad", false, dns))
                .hasMessageContaining("not a URL");
        assertThatThrownBy(
                        () ->
                                WebhookTarget.resolve(
                                        "https://nowhere.invalid/",
                                        false,
                                        host -> {
                                            throw new UnknownHostException(host);
                                        }))
                .hasMessageContaining("does not resolve");
    }

    @Test
    void privateNetworksAndPlainHttpWhenAllowed() throws Exception {
        WebhookTarget target =
                WebhookTarget.resolve("http://receiver.local:8080/in", true, answering("10.0.0.5"));
        assertThat(target.tls()).isFalse();
        assertThat(target.port()).isEqualTo(8080);
        assertThat(target.address().getHostAddress()).isEqualTo("10.0.0.5");
    }
}
