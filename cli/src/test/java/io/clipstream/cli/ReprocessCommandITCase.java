package io.clipstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clipstream.operators.testing.TestVideos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code clipstream reprocess} as a user runs it: one JSON object with every listed video's status,
 * reason and clips (the clip objects of {@code clip --json}); a rerun skips what is done; {@code
 * clipstream sql} queries the archive's talking points.
 */
class ReprocessCommandITCase {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void anArchiveDirectoryIsReprocessedResumedAndQueried(@TempDir Path dir) throws Exception {
        Path archive = Files.createDirectories(dir.resolve("archive/2025"));
        Files.copy(TestVideos.talk(), archive.resolve("ep-1.mp4"));
        Files.copy(TestVideos.talk(), archive.resolve("ep-2.mp4"));
        Files.copy(TestVideos.notAVideo(), archive.resolve("broken.mp4"));
        Path out = dir.resolve("out");
        String[] args = {
            "reprocess",
            dir.resolve("archive").toString(),
            "--out",
            out.toString(),
            "--tenant",
            "acme",
            "--json",
            "--min-seconds",
            "2",
            "--max-seconds",
            "6",
            "--max-clips",
            "2",
            "--caption-style",
            "none"
        };
        var first = ClipCommandITCase.run(args);
        assertThat(first.exitCode()).as(first.stderr()).isZero();
        assertThat(first.stderr()).doesNotContain("Exception").contains("videos 3/3 ingested");
        JsonNode root = JSON.readTree(first.stdout());
        assertThat(root.fieldNames()).toIterable().containsExactly("videos", "seconds");
        Map<String, JsonNode> videos = bySource(root);
        JsonNode ep1 = videos.get("ep-1.mp4");
        assertThat(ep1.get("status").asText()).isEqualTo("DONE");
        assertThat(ep1.get("reason").isNull()).isTrue();
        assertThat(ep1.get("clips")).isNotEmpty();
        JsonNode clip = ep1.get("clips").get(0);
        assertThat(clip.fieldNames())
                .toIterable()
                .contains(
                        "rank",
                        "start",
                        "end",
                        "duration",
                        "score",
                        "title",
                        "path",
                        "outputs",
                        "thumbnail",
                        "captions");
        assertThat(Path.of(clip.get("path").asText())).exists().startsWith(out.toAbsolutePath());
        JsonNode broken = videos.get("broken.mp4");
        assertThat(broken.get("status").asText()).isEqualTo("FAILED");
        assertThat(broken.get("reason").asText()).startsWith("NOT_A_VIDEO: ");

        var again = ClipCommandITCase.run(args);
        assertThat(again.exitCode()).as(again.stderr()).isZero();
        Map<String, JsonNode> rerun = bySource(JSON.readTree(again.stdout()));
        assertThat(rerun.get("ep-1.mp4").get("status").asText()).isEqualTo("SKIPPED");
        assertThat(rerun.get("ep-1.mp4").get("reason").asText()).startsWith("ALREADY_DONE: ");
        assertThat(rerun.get("ep-1.mp4").get("clips")).hasSameSizeAs(ep1.get("clips"));
        assertThat(rerun.get("broken.mp4").get("status").asText()).isEqualTo("FAILED");

        var sql =
                ClipCommandITCase.run(
                        "sql",
                        "--from",
                        out.toString(),
                        "--json",
                        "SELECT tenantId, videoId, COUNT(*) AS points FROM scored_segments"
                                + " WHERE tenantId = 'acme' GROUP BY tenantId, videoId");
        assertThat(sql.exitCode()).as(sql.stderr()).isZero();
        JsonNode rows = JSON.readTree(sql.stdout());
        assertThat(rows).hasSize(2);
        for (JsonNode row : rows) {
            assertThat(row.get("points").asInt()).isPositive();
        }

        // the tenant leaves: a dry run counts, then everything of acme under --out goes
        var dry =
                ClipCommandITCase.run(
                        "delete-tenant", "acme", "--out", out.toString(), "--dry-run", "--json");
        assertThat(dry.exitCode()).as(dry.stderr()).isZero();
        JsonNode counted = JSON.readTree(dry.stdout());
        assertThat(counted.get("objects").asLong()).isPositive();
        assertThat(Path.of(clip.get("path").asText())).exists();
        var deleted =
                ClipCommandITCase.run("delete-tenant", "acme", "--out", out.toString(), "--json");
        assertThat(deleted.exitCode()).as(deleted.stderr()).isZero();
        JsonNode gone = JSON.readTree(deleted.stdout());
        assertThat(gone.get("objects").asLong()).isEqualTo(counted.get("objects").asLong());
        assertThat(gone.get("prefixes"))
                .extracting(p -> p.get("prefix").asText())
                .anyMatch(p -> p.endsWith("/clips/acme/"))
                .anyMatch(p -> p.endsWith("/scored/tenantId=acme/"))
                .anyMatch(p -> p.endsWith("/summaries/tenantId=acme/"));
        assertThat(Path.of(clip.get("path").asText())).doesNotExist();
        assertThat(out.resolve("clips/acme")).doesNotExist();
        assertThat(out.resolve("scored/tenantId=acme")).doesNotExist();
        // the archive it read is the user's and stays
        assertThat(dir.resolve("archive/2025/ep-1.mp4")).exists();
        var none =
                ClipCommandITCase.run("delete-tenant", "acme", "--out", out.toString(), "--json");
        assertThat(JSON.readTree(none.stdout()).get("objects").asLong()).isZero();
        // an id that could name another prefix is refused
        var climb = ClipCommandITCase.run("delete-tenant", "..", "--out", out.toString());
        assertThat(climb.exitCode()).isEqualTo(2);
        assertThat(climb.stderr()).contains("'..' is not a tenant id");
    }

    @Test
    void aManifestsBadLinesAreReportedAndTheRestRuns(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("acme"));
        Files.createDirectories(dir.resolve("globex"));
        Files.copy(TestVideos.talk(), dir.resolve("acme/talk.mp4"));
        Files.copy(TestVideos.talk(), dir.resolve("globex/talk.mp4"));
        Path manifest = dir.resolve("archive.jsonl");
        Files.writeString(
                manifest,
                String.join(
                        "\n",
                        "{\"tenantId\": \"acme\", \"uri\": \"acme/talk.mp4\", \"options\": {\"maxClips\": 1}}",
                        "{\"tenantId\": \"acme\", \"uri\": \"globex/talk.mp4\"}",
                        "{\"tenantId\": \"acme\", \"uri\": ",
                        "acme,acme/talk.mp4"));
        var run =
                ClipCommandITCase.run(
                        "reprocess",
                        manifest.toString(),
                        "--out",
                        dir.resolve("out").toString(),
                        "--json",
                        "--min-seconds",
                        "2",
                        "--max-seconds",
                        "6",
                        "--caption-style",
                        "none");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        JsonNode videos = JSON.readTree(run.stdout()).get("videos");
        assertThat(videos).hasSize(4);
        assertThat(videos.get(0).get("status").asText()).isEqualTo("DONE");
        assertThat(videos.get(0).get("clips")).hasSize(1);
        assertThat(videos.get(1).get("reason").asText()).startsWith("OUTSIDE_TENANT_PREFIX: ");
        assertThat(videos.get(2).get("reason").asText()).startsWith("INVALID_LINE: line 3: ");
        assertThat(videos.get(3).get("status").asText()).isEqualTo("SKIPPED");
        assertThat(videos.get(3).get("reason").asText()).contains("DUPLICATE", "line 1");
    }

    @Test
    void aMissingArchiveCannotRunAndAnEmptyOneRunsEmpty(@TempDir Path dir) throws Exception {
        var missing =
                ClipCommandITCase.run("reprocess", dir.resolve("nothing").toString(), "--json");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.stderr()).contains("no such file or directory");
        assertThat(missing.stdout()).isEmpty();

        Path empty = Files.createDirectories(dir.resolve("empty"));
        var none =
                ClipCommandITCase.run(
                        "reprocess",
                        empty.toString(),
                        "--json",
                        "--out",
                        dir.resolve("o").toString());
        assertThat(none.exitCode()).as(none.stderr()).isZero();
        assertThat(none.stderr()).contains("holds no videos");
        assertThat(JSON.readTree(none.stdout()).get("videos")).isEmpty();
    }

    private static Map<String, JsonNode> bySource(JsonNode root) {
        Map<String, JsonNode> out = new HashMap<>();
        for (JsonNode v : root.get("videos")) {
            out.put(Path.of(v.get("source").asText()).getFileName().toString(), v);
        }
        return out;
    }
}
