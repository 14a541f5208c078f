package io.clipstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clipstream.embedded.EmbeddedS3;
import io.clipstream.operators.storage.ObjectStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code clipstream delete-tenant} as the operator runs it against an S3 store. */
class DeleteTenantCommandTest {
    @Test
    void theStoresRootsAndSettingsComeWithDashD(@TempDir Path dir) throws Exception {
        try (EmbeddedS3 s3 = EmbeddedS3.start(dir.resolve("s3"), "prod")) {
            Configuration conf = new Configuration();
            s3.flinkConfig().forEach(conf::setString);
            FileSystem.initialize(conf, null);
            Path file = Files.writeString(dir.resolve("x"), "0123456789");
            for (String uri :
                    List.of(
                            "s3://prod/uploads/acme/v1/talk.mp4",
                            "s3://prod/clips/acme/v1/c1/9x16.mp4",
                            "s3://prod/batch/summaries/tenantId=acme/v1.json",
                            "s3://prod/uploads/globex/v2/talk.mp4")) {
                ObjectStore.upload(file, uri);
            }
            List<String> args =
                    new ArrayList<>(
                            List.of(
                                    "delete-tenant",
                                    "acme",
                                    "--json",
                                    "--batch-root",
                                    "s3://prod/batch/",
                                    "-D",
                                    "clipstream.storage.uploads-root=s3://prod/uploads/",
                                    "-D",
                                    "clipstream.storage.work-root=s3://prod/work/",
                                    "-D",
                                    "clipstream.storage.clips-root=s3://prod/clips/"));
            s3.flinkConfig().forEach((k, v) -> args.addAll(List.of("-D", k + "=" + v)));
            var run = ClipCommandITCase.run(args.toArray(String[]::new));
            assertThat(run.exitCode()).as(run.stderr()).isZero();
            JsonNode root = new ObjectMapper().readTree(run.stdout());
            assertThat(root.get("objects").asLong()).isEqualTo(3);
            assertThat(root.get("bytes").asLong()).isEqualTo(30);
            assertThat(root.get("dryRun").asBoolean()).isFalse();
            assertThat(ObjectStore.exists("s3://prod/uploads/acme/v1/talk.mp4")).isFalse();
            assertThat(ObjectStore.exists("s3://prod/batch/summaries/tenantId=acme/v1.json"))
                    .isFalse();
            assertThat(ObjectStore.exists("s3://prod/uploads/globex/v2/talk.mp4")).isTrue();
            // no secret key in what it printed
            assertThat(run.stdout() + run.stderr()).doesNotContain(s3.secretKey());
        }
    }

    @Test
    void withoutAStoreNothingIsDeletedAndTheUsageSaysWhatIsMissing() {
        var run = ClipCommandITCase.run("delete-tenant", "acme");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).contains("name the store: --out DIR");
        assertThat(run.stdout()).isEmpty();
    }
}
