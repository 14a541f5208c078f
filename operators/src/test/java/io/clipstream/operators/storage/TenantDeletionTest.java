package io.clipstream.operators.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clipstream.embedded.EmbeddedS3;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TenantDeletionTest {
    static void put(String uri, String content, Path scratch) throws Exception {
        Path file = Files.createTempFile(scratch, "o", "");
        Files.writeString(file, content);
        ObjectStore.upload(file, uri);
    }

    @Test
    void onlyTheTenantsPrefixesGoOnS3AndADryRunDeletesNothing(@TempDir Path dir) throws Exception {
        try (EmbeddedS3 s3 = EmbeddedS3.start(dir.resolve("s3"), "store")) {
            Configuration conf = new Configuration();
            s3.flinkConfig().forEach(conf::setString);
            FileSystem.initialize(conf, null);
            TenantPaths paths =
                    new TenantPaths("s3://store/uploads/", "s3://store/work/", "s3://store/clips/");
            Path scratch = Files.createDirectories(dir.resolve("scratch"));
            put("s3://store/uploads/acme/v1/talk.mp4", "12345", scratch);
            put("s3://store/work/acme/v1/audio.wav", "123", scratch);
            put("s3://store/clips/acme/v1/c1/9x16.mp4", "1234567", scratch);
            put("s3://store/clips/acme/v1/report.html", "1", scratch);
            put("s3://store/batch/scored/tenantId=acme/dt=2026-12-01/v1.avro", "12", scratch);
            // a neighbour whose id starts the same, and another tenant's batch partition
            put("s3://store/uploads/acme2/v9/talk.mp4", "x", scratch);
            put("s3://store/clips/acme2/v9/c9/9x16.mp4", "x", scratch);
            put("s3://store/batch/scored/tenantId=acme2/dt=2026-12-01/v9.avro", "x", scratch);

            List<String> prefixes =
                    TenantDeletion.prefixes(
                            "acme", paths, List.of("s3://store/batch/scored/tenantId=acme/"));
            assertThat(prefixes)
                    .containsExactly(
                            "s3://store/uploads/acme/",
                            "s3://store/work/acme/",
                            "s3://store/clips/acme/",
                            "s3://store/batch/scored/tenantId=acme/");

            var counted = TenantDeletion.delete(prefixes, true);
            assertThat(counted)
                    .extracting(TenantDeletion.Removed::objects)
                    .containsExactly(1L, 1L, 2L, 1L);
            assertThat(counted.stream().mapToLong(TenantDeletion.Removed::bytes).sum())
                    .isEqualTo(18);
            assertThat(ObjectStore.exists("s3://store/clips/acme/v1/c1/9x16.mp4")).isTrue();

            var removed = TenantDeletion.delete(prefixes, false);
            assertThat(removed).isEqualTo(counted);
            for (String uri :
                    List.of(
                            "s3://store/uploads/acme/v1/talk.mp4",
                            "s3://store/work/acme/v1/audio.wav",
                            "s3://store/clips/acme/v1/c1/9x16.mp4",
                            "s3://store/batch/scored/tenantId=acme/dt=2026-12-01/v1.avro")) {
                assertThat(ObjectStore.exists(uri)).as(uri).isFalse();
            }
            for (String uri :
                    List.of(
                            "s3://store/uploads/acme2/v9/talk.mp4",
                            "s3://store/clips/acme2/v9/c9/9x16.mp4",
                            "s3://store/batch/scored/tenantId=acme2/dt=2026-12-01/v9.avro")) {
                assertThat(ObjectStore.exists(uri)).as(uri).isTrue();
            }
            // a second run finds nothing and is not an error
            assertThat(TenantDeletion.delete(prefixes, false))
                    .extracting(TenantDeletion.Removed::objects)
                    .containsOnly(0L);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "..", ".", "a/b", "../acme", "%2e%2e", "acme/"})
    void anIdThatCouldNameAnotherPrefixIsRefused(String tenant) {
        TenantPaths paths =
                new TenantPaths("file:///s/uploads/", "file:///s/work/", "file:///s/clips/");
        assertThatThrownBy(() -> TenantDeletion.prefixes(tenant, paths, List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a tenant id");
    }
}
