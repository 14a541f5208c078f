package io.clipstream.operators.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clipstream.schemas.ArchiveEntry;
import io.clipstream.schemas.Options;
import java.io.BufferedReader;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Serializable;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * What a batch run is asked to process: every file under a directory or object prefix (one tenant's
 * archive), or the lines of a manifest ({@code tenantId,uri[,options]}, or JSON Lines {@code
 * {"tenantId":..,"uri":..,"options":{..}}}).
 *
 * <p>Nothing listed is dropped: a line that does not parse becomes an entry with its {@code error},
 * and a video listed a second time an entry with {@code duplicateOf}, so the run reports each one.
 * Names starting with {@code .} or {@code _} are not listed (hidden files, in-progress writes and
 * clipstream's own outputs).
 */
public final class ArchiveListing {
    /** File name endings read as manifests; any other single file is an archive of one video. */
    static final Set<String> MANIFEST_ENDINGS = Set.of(".csv", ".txt", ".jsonl", ".ndjson");

    /**
     * @param source a directory, {@code file://} or {@code s3://} prefix, or a manifest file
     * @param tenantId the tenant a directory belongs to; for a manifest, only its lines are kept
     *     (null keeps all)
     * @param defaults options for every video, which a manifest line's options refine
     * @param exclude a prefix not to list (the run's own output under the source); may be null
     */
    public record Settings(String source, String tenantId, Options defaults, String exclude)
            implements Serializable {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private ArchiveListing() {}

    /** Whether the source is a manifest (by its name) rather than an archive to list. */
    public static boolean isManifest(String source) {
        String name = source.toLowerCase(Locale.ROOT);
        return !name.endsWith("/") && MANIFEST_ENDINGS.stream().anyMatch(name::endsWith);
    }

    /**
     * Lists the archive.
     *
     * @throws FileNotFoundException when the source does not exist (the run cannot start)
     */
    public static List<ArchiveEntry> list(Settings settings) throws IOException {
        Path root = new Path(settings.source());
        FileSystem fs = root.getFileSystem();
        FileStatus status = fs.getFileStatus(root); // FileNotFoundException: nothing to run
        List<ArchiveEntry> entries =
                isManifest(settings.source()) && !status.isDir()
                        ? manifest(fs, root, settings)
                        : files(fs, status, settings);
        markDuplicates(entries);
        return entries;
    }

    private static List<ArchiveEntry> files(FileSystem fs, FileStatus root, Settings settings)
            throws IOException {
        String tenant = settings.tenantId() == null ? "local" : settings.tenantId();
        List<FileStatus> found = new ArrayList<>();
        if (root.isDir()) {
            String exclude =
                    settings.exclude() == null ? null : absolute(new Path(settings.exclude()));
            walk(fs, root.getPath(), exclude, found);
        } else {
            found.add(root);
        }
        found.sort((a, b) -> a.getPath().toString().compareTo(b.getPath().toString()));
        List<ArchiveEntry> out = new ArrayList<>();
        for (FileStatus file : found) {
            String uri = absolute(file.getPath());
            out.add(entry(tenant, uri, 0, settings.defaults(), file.getModificationTime()));
        }
        return out;
    }

    private static void walk(FileSystem fs, Path dir, String exclude, List<FileStatus> out)
            throws IOException {
        FileStatus[] children = fs.listStatus(dir);
        if (children == null) {
            return;
        }
        for (FileStatus child : children) {
            String name = child.getPath().getName();
            if (name.startsWith(".") || name.startsWith("_")) {
                continue;
            }
            String uri = absolute(child.getPath());
            if (exclude != null && (uri.equals(exclude) || uri.startsWith(exclude + "/"))) {
                continue;
            }
            if (child.isDir()) {
                walk(fs, child.getPath(), exclude, out);
            } else {
                out.add(child);
            }
        }
    }

    private static List<ArchiveEntry> manifest(FileSystem fs, Path file, Settings settings)
            throws IOException {
        List<ArchiveEntry> out = new ArrayList<>();
        URI base = URI.create(absolute(file.getParent()) + "/");
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(fs.open(file), StandardCharsets.UTF_8))) {
            String text;
            int line = 0;
            while ((text = reader.readLine()) != null) {
                line++;
                String trimmed = text.strip();
                if (trimmed.isEmpty()
                        || trimmed.startsWith("#")
                        || (line == 1
                                && trimmed.toLowerCase(Locale.ROOT).startsWith("tenantid,"))) {
                    continue;
                }
                ArchiveEntry entry = parseLine(trimmed, line, base, settings.defaults());
                if (settings.tenantId() != null
                        && entry.getError() == null
                        && !settings.tenantId().equals(entry.getTenantId())) {
                    continue;
                }
                out.add(withModificationTime(fs, entry));
            }
        }
        return out;
    }

    /** One manifest line as an entry; a line that does not parse is an entry with its error. */
    static ArchiveEntry parseLine(String text, int line, URI base, Options defaults) {
        String tenant;
        String uri;
        JsonNode options = null;
        try {
            if (text.startsWith("{")) {
                JsonNode node = JSON.readTree(text);
                tenant = node.path("tenantId").asText("");
                uri = node.path("uri").asText("");
                options = node.get("options");
            } else {
                String[] parts = text.split(",", 3);
                if (parts.length < 2) {
                    return invalid(
                            line, "expected tenantId,uri[,options] but found '" + text + "'");
                }
                tenant = parts[0].strip();
                uri = parts[1].strip();
                if (parts.length == 3 && !parts[2].isBlank()) {
                    options = JSON.readTree(parts[2].strip());
                }
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return invalid(line, "not valid JSON: " + e.getOriginalMessage());
        }
        if (tenant.isEmpty() || uri.isEmpty()) {
            return invalid(line, "tenantId and uri are both required");
        }
        String resolved;
        try {
            URI parsed = URI.create(uri);
            resolved =
                    (parsed.getScheme() != null ? parsed : base.resolve(parsed))
                            .normalize()
                            .toString();
        } catch (IllegalArgumentException e) {
            return invalid(line, "uri '" + uri + "' is not a valid URI: " + e.getMessage());
        }
        Options own;
        try {
            own = LineOptions.apply(defaults, options);
        } catch (IllegalArgumentException e) {
            return invalid(line, e.getMessage());
        }
        return entry(tenant, resolved, line, own, 0);
    }

    private static ArchiveEntry withModificationTime(FileSystem fs, ArchiveEntry entry) {
        if (entry.getError() != null) {
            return entry;
        }
        try {
            Path path = new Path(entry.getSourceUri());
            entry.setModifiedAt(
                    Instant.ofEpochMilli(
                            path.getFileSystem().getFileStatus(path).getModificationTime()));
        } catch (IOException | RuntimeException e) {
            // a missing object is reported when the video is ingested, with its reason
        }
        return entry;
    }

    private static ArchiveEntry entry(
            String tenant, String uri, int line, Options options, long modifiedAtMs) {
        return ArchiveEntry.newBuilder()
                .setVideoId(VideoIds.of(tenant, uri))
                .setTenantId(tenant)
                .setSourceUri(uri)
                .setLine(line)
                .setOptions(Options.newBuilder(options).build())
                .setModifiedAt(Instant.ofEpochMilli(modifiedAtMs))
                .build();
    }

    private static ArchiveEntry invalid(int line, String why) {
        return ArchiveEntry.newBuilder()
                .setVideoId("line-" + line)
                .setTenantId("")
                .setSourceUri("")
                .setLine(line)
                .setError("line " + line + ": " + why)
                .build();
    }

    /** The second and later listings of one tenant's video point at the first. */
    private static void markDuplicates(List<ArchiveEntry> entries) {
        Map<String, ArchiveEntry> first = new HashMap<>();
        for (ArchiveEntry e : entries) {
            if (e.getError() != null) {
                continue;
            }
            ArchiveEntry earlier = first.putIfAbsent(e.getVideoId(), e);
            if (earlier != null) {
                e.setDuplicateOf(
                        earlier.getLine() > 0
                                ? "line " + earlier.getLine()
                                : earlier.getSourceUri());
            }
        }
    }

    /** The path as an absolute URI string with its scheme ({@code file:/...} locally). */
    public static String absolute(Path path) {
        URI uri = path.toUri();
        if (uri.getScheme() == null) {
            return java.nio.file.Path.of(uri.getPath()).toAbsolutePath().toUri().toString();
        }
        String s = uri.toString();
        // file:///x and file:/x are one file; listings return the short form
        return s.startsWith("file:///") ? "file:/" + s.substring("file:///".length()) : s;
    }
}
