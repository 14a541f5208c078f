package io.clipstream.operators.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clipstream.operators.storage.TenantPaths;
import io.clipstream.schemas.ArchiveEntry;
import io.clipstream.schemas.Options;
import java.io.FileNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveListingTest {
    private static final Options DEFAULTS = Options.newBuilder().setMaxClips(3).build();

    @Test
    void aDirectoryListsEveryFileButHiddenOnesAndTheRunsOwnOutput(@TempDir Path dir)
            throws Exception {
        Path archive = Files.createDirectories(dir.resolve("archive/2024"));
        Files.writeString(archive.resolve("b.mp4"), "x");
        Files.writeString(dir.resolve("archive/a.mov"), "x");
        Files.writeString(dir.resolve("archive/.DS_Store"), "x");
        Files.writeString(dir.resolve("archive/_SUCCESS"), "x");
        Files.createDirectories(dir.resolve("archive/out/clips"));
        Files.writeString(dir.resolve("archive/out/clips/c.mp4"), "x");

        List<ArchiveEntry> entries =
                ArchiveListing.list(
                        new ArchiveListing.Settings(
                                dir.resolve("archive").toUri().toString(),
                                null,
                                DEFAULTS,
                                dir.resolve("archive/out").toUri().toString()));

        assertThat(entries)
                .extracting(e -> e.getSourceUri().substring(e.getSourceUri().indexOf("archive")))
                .containsExactly("archive/2024/b.mp4", "archive/a.mov");
        assertThat(entries).allSatisfy(e -> assertThat(e.getTenantId()).isEqualTo("local"));
        assertThat(entries).allSatisfy(e -> assertThat(e.getOptions().getMaxClips()).isEqualTo(3));
        assertThat(entries)
                .allSatisfy(e -> assertThat(e.getModifiedAt().toEpochMilli()).isPositive());
        assertThat(entries)
                .allSatisfy(e -> assertThat(TenantPaths.isSafeId(e.getVideoId())).isTrue());
    }

    @Test
    void aManifestLineThatDoesNotParseIsAnEntryWithItsReason(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("acme"));
        Files.writeString(dir.resolve("acme/talk.mp4"), "x");
        Path manifest = dir.resolve("list.csv");
        Files.writeString(
                manifest,
                String.join(
                        "\n",
                        "tenantId,uri,options",
                        "# a comment",
                        "acme,acme/talk.mp4,{\"maxClips\": 1, \"aspectRatios\": \"9:16,1:1\"}",
                        "only-one-field",
                        "acme,acme/x.mp4,{not json}",
                        "acme,acme/y.mp4,{\"maxClips\": \"two\"}",
                        "acme,acme/z.mp4,{\"colour\": 1}",
                        ",acme/talk.mp4",
                        "globex,globex/talk.mp4",
                        "acme,acme/sub/../talk.mp4",
                        "{\"tenantId\": \"acme\", \"uri\": \"acme/talk.mp4\"}",
                        ""));

        List<ArchiveEntry> entries =
                ArchiveListing.list(
                        new ArchiveListing.Settings(
                                manifest.toUri().toString(), "acme", DEFAULTS, null));

        assertThat(entries)
                .extracting(ArchiveEntry::getLine)
                .containsExactly(3, 4, 5, 6, 7, 8, 10, 11);
        ArchiveEntry first = entries.get(0);
        assertThat(first.getError()).isNull();
        assertThat(first.getSourceUri())
                .isEqualTo(
                        ArchiveListing.absolute(
                                new org.apache.flink.core.fs.Path(
                                        dir.resolve("acme/talk.mp4").toUri())));
        assertThat(first.getOptions().getMaxClips()).isEqualTo(1);
        assertThat(first.getOptions().getAspectRatios()).containsExactly("9:16", "1:1");
        assertThat(first.getModifiedAt().toEpochMilli()).isPositive();
        assertThat(entries.get(1).getError())
                .isEqualTo("line 4: expected tenantId,uri[,options] but found 'only-one-field'");
        assertThat(entries.get(2).getError()).startsWith("line 5: not valid JSON");
        assertThat(entries.get(3).getError())
                .isEqualTo("line 6: maxClips must be a number, not \"two\"");
        assertThat(entries.get(4).getError()).startsWith("line 7: unknown option 'colour'");
        assertThat(entries.get(5).getError())
                .isEqualTo("line 8: tenantId and uri are both required");
        // the same file, however it is spelled, is one video: later listings point at the first
        assertThat(entries.get(6).getDuplicateOf()).isEqualTo("line 3");
        assertThat(entries.get(7).getDuplicateOf()).isEqualTo("line 3");
        assertThat(entries.get(7).getVideoId()).isEqualTo(first.getVideoId());
    }

    @Test
    void aMissingSourceCannotBeListed(@TempDir Path dir) {
        assertThatThrownBy(
                        () ->
                                ArchiveListing.list(
                                        new ArchiveListing.Settings(
                                                dir.resolve("none").toUri().toString(),
                                                null,
                                                DEFAULTS,
                                                null)))
                .isInstanceOf(FileNotFoundException.class);
    }

    @Test
    void videoIdsAreReadableDeterministicAndPerTenant() {
        String uri = "s3://bucket/uploads/acme/Episode 12: The Finale!.mp4";
        assertThat(VideoIds.of("acme", uri)).isEqualTo(VideoIds.of("acme", uri));
        assertThat(VideoIds.of("acme", uri)).startsWith("episode-12-the-finale-");
        assertThat(VideoIds.of("acme", uri)).isNotEqualTo(VideoIds.of("globex", uri));
        assertThat(TenantPaths.isSafeId(VideoIds.of("acme", "file:/x/%%%.mp4"))).isTrue();
        assertThat(TenantPaths.isSafeId(VideoIds.of("acme", "file:/x/" + "a".repeat(300))))
                .isTrue();
    }

    @Test
    void anArchiveIsReadableByItsTenantOnly() {
        TenantPaths paths =
                new TenantPaths("s3://b/uploads/", "s3://b/work/", "s3://b/clips/")
                        .withArchive("acme", "s3://b/archive/acme");
        assertThat(paths.violation("acme", "s3://b/archive/acme/2024/ep.mp4")).isNull();
        assertThat(paths.violation("acme", "s3://b/uploads/acme/ep.mp4")).isNull();
        assertThat(paths.violation("globex", "s3://b/archive/acme/ep.mp4")).isNotNull();
        assertThat(paths.violation("acme", "s3://b/archive/acme2/ep.mp4")).isNotNull();
        assertThat(paths.violation("acme", "s3://b/archive/acme/../globex/ep.mp4")).isNotNull();
        TenantPaths local =
                new TenantPaths("file:///u/", "file:///w/", "file:///c/")
                        .withArchive("acme", "file:///data/archive/");
        assertThat(local.violation("acme", "file:/data/archive/ep.mp4")).isNull();
    }

    @Test
    void aSplitSurvivesItsSerializer() throws Exception {
        ArchiveEntry entry =
                ArchiveListing.parseLine(
                        "acme,s3://b/uploads/acme/a.mp4,{\"prompt\": \"pricing\"}",
                        2,
                        java.net.URI.create("s3://b/"),
                        DEFAULTS);
        var serializer = new ArchiveSource.SplitSerializer();
        ArchiveSource.Split split = new ArchiveSource.Split("7", entry, false);
        ArchiveSource.Split back =
                serializer.deserialize(serializer.getVersion(), serializer.serialize(split));
        assertThat(back.splitId()).isEqualTo("7");
        assertThat(back.getIterator().next()).isEqualTo(entry);
        var read = back.getIterator();
        read.next();
        assertThat(back.getUpdatedSplitForIterator(read).getIterator().hasNext()).isFalse();
    }
}
