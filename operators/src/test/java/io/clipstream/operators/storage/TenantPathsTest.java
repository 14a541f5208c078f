package io.clipstream.operators.storage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TenantPathsTest {
    final TenantPaths paths = new TenantPaths("s3://b/uploads", "s3://b/work/", "s3://b/clips/");

    @Test
    void ownPrefixIsAllowed() {
        assertThat(paths.violation("acme", "s3://b/uploads/acme/v1/talk.mp4")).isNull();
    }

    @Test
    void otherTenantsAndTraversalAreRejected() {
        assertThat(paths.violation("acme", "s3://b/uploads/acmex/v1/talk.mp4")).contains("outside");
        assertThat(paths.violation("acme", "s3://b/uploads/other/v1/talk.mp4")).contains("outside");
        assertThat(paths.violation("acme", "s3://b/uploads/acme/../other/talk.mp4")).isNotNull();
        assertThat(paths.violation("acme", "s3://b/uploads/acme/%2e%2e/other/talk.mp4"))
                .isNotNull();
        assertThat(paths.violation("acme", "file:///b/uploads/acme/v1/talk.mp4")).isNotNull();
        assertThat(paths.violation("acme", "http://169.254.169.254/latest")).isNotNull();
        assertThat(paths.violation("../acme", "s3://b/uploads/../acme/x")).contains("tenantId");
    }

    @Test
    void keysAreDeterministicUnderTheTenant() {
        assertThat(paths.clipUri("acme", "v1", "c123", "9:16"))
                .isEqualTo("s3://b/clips/acme/v1/c123/9x16.mp4");
        assertThat(paths.audioUri("acme", "v1")).isEqualTo("s3://b/work/acme/v1/audio-16k.wav");
    }
}
