package io.clipstream.operators.storage;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * Removes everything one tenant has in object storage: its uploads, work files (16 kHz audio,
 * timelines), clips with their thumbnails, subtitles, reports and done markers, and its partitions
 * of batch outputs. The tenant id is checked as an upload's is, so no id can name a parent or a
 * sibling prefix. What lives in Kafka is not touched (see the README).
 */
public final class TenantDeletion {
    /** One prefix and what was under it. */
    public record Removed(String prefix, long objects, long bytes) {}

    private TenantDeletion() {}

    /**
     * The prefixes of {@code tenantId} under the three storage roots and the given extra prefixes
     * (batch outputs), in that order, duplicates removed.
     */
    public static List<String> prefixes(String tenantId, TenantPaths paths, List<String> extra) {
        if (!TenantPaths.isSafeId(tenantId)) {
            throw new IllegalArgumentException(
                    "'" + tenantId + "' is not a tenant id (letters, digits, '.', '_', '-')");
        }
        Set<String> all = new LinkedHashSet<>();
        for (String root : List.of(paths.uploadsRoot(), paths.workRoot(), paths.clipsRoot())) {
            all.add(root + tenantId + "/");
        }
        all.addAll(extra);
        return List.copyOf(all);
    }

    /** Counts what is under each prefix and, unless {@code dryRun}, deletes it. */
    public static List<Removed> delete(List<String> prefixes, boolean dryRun) throws IOException {
        List<Removed> removed = new ArrayList<>();
        for (String prefix : prefixes) {
            Path path = new Path(prefix);
            FileSystem fs = path.getFileSystem();
            long[] count = new long[2];
            tally(fs, path, count);
            if (!dryRun && count[0] > 0) {
                fs.delete(path, true);
            }
            removed.add(new Removed(prefix, count[0], count[1]));
        }
        return removed;
    }

    private static void tally(FileSystem fs, Path path, long[] count) throws IOException {
        FileStatus[] children;
        try {
            children = fs.listStatus(path);
        } catch (FileNotFoundException e) {
            return;
        }
        if (children == null) {
            return;
        }
        for (FileStatus child : children) {
            if (child.isDir()) {
                tally(fs, child.getPath(), count);
            } else {
                count[0]++;
                count[1] += child.getLen();
            }
        }
    }
}
