package io.clipstream.operators.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WebhookSignerTest {
    private static final String BODY = "{\"event\":\"completed\"}";

    @Test
    void signatureIsHmacSha256OfTimestampDotBody() {
        // the expected value computed independently, with Python's hmac module
        assertThat(WebhookSigner.sign("whsec_test", 1_700_000_000L, BODY))
                .isEqualTo("v1=44f63bd07eeafee17f7bb852c2cda5dcbebafde35a1ae7702d141708c45452bf");
    }

    @Test
    void receiverAcceptsOnlyTheSameSecretBodyAndARecentTimestamp() {
        String signature = WebhookSigner.sign("s3cret", 1000, BODY);
        assertThat(WebhookSigner.verify("s3cret", signature, "1000", BODY, 1100, 300)).isTrue();
        assertThat(WebhookSigner.verify("other", signature, "1000", BODY, 1100, 300)).isFalse();
        assertThat(WebhookSigner.verify("s3cret", signature, "1000", BODY + " ", 1100, 300))
                .isFalse();
        assertThat(WebhookSigner.verify("s3cret", signature, "1001", BODY, 1100, 300)).isFalse();
        // a replay ten minutes later is refused although the signature matches
        assertThat(WebhookSigner.verify("s3cret", signature, "1000", BODY, 1600, 300)).isFalse();
        assertThat(WebhookSigner.verify("s3cret", null, "1000", BODY, 1000, 300)).isFalse();
        assertThat(WebhookSigner.verify("s3cret", signature, "soon", BODY, 1000, 300)).isFalse();
    }

    @Test
    void secretsNeverAppearInTheirDescription() throws Exception {
        WebhookSecrets secrets = WebhookSecrets.of(java.util.Map.of("acme", "hunter2"));
        assertThat(secrets.toString()).contains("acme").doesNotContain("hunter2");
        assertThat(secrets.secretFor("acme")).contains("hunter2");
        assertThat(secrets.secretFor("globex")).isEmpty();
    }

    @Test
    void aSecretsFileOverridesInlineSecrets(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = dir.resolve("webhook-secrets");
        java.nio.file.Files.writeString(file, "acme=from-file\nglobex = g\n");
        WebhookSecrets secrets =
                WebhookSecrets.of(java.util.Map.of("acme", "inline", "initech", "i"), file);
        assertThat(secrets.secretFor("acme")).contains("from-file");
        assertThat(secrets.secretFor("globex")).contains("g");
        assertThat(secrets.secretFor("initech")).contains("i");
        java.nio.file.Files.writeString(file, "acme=\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> WebhookSecrets.of(java.util.Map.of(), file))
                .hasMessageContaining("tenant 'acme' is empty")
                .hasMessageNotContaining("from-file");
    }
}
