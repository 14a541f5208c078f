package io.clipstream.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.clipstream.operators.batch.ArchiveOutputs;
import io.clipstream.operators.config.CommonOptions;
import io.clipstream.operators.storage.TenantDeletion;
import io.clipstream.operators.storage.TenantPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.FileSystem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code clipstream delete-tenant TENANT}: removes a tenant's objects from a store. Against a
 * production bucket it takes the jobs' storage roots and S3 settings with {@code -D}; with {@code
 * --out} it cleans a {@code clipstream reprocess} output directory.
 */
@Command(
        name = "delete-tenant",
        mixinStandardHelpOptions = true,
        description = {
            "Delete everything a tenant has in object storage: uploads, work files, clips (with",
            "thumbnails, subtitles, reports, done markers) and its partitions of batch outputs.",
            "Give the store's roots with -D clipstream.storage.{uploads,work,clips}-root=... (and",
            "S3 settings), or --out DIR for a 'clipstream reprocess' output. Kafka records are not",
            "touched: they expire with the topics' retention (see README)."
        })
class DeleteTenantCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "TENANT", description = "The tenant id.")
    String tenant;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description =
                    "A 'clipstream reprocess' output: its clips, work files and batch outputs (the archive it read is yours and is left alone).")
    Path out;

    @Option(
            names = "--batch-root",
            paramLabel = "URI",
            description = "A batch output root (clipstream.reprocess.output-root); repeatable.")
    List<String> batchRoots = new ArrayList<>();

    @Option(names = "--dry-run", description = "Count what would be deleted; delete nothing.")
    boolean dryRun;

    @Option(names = "--json", description = "Print one JSON object on stdout instead of a table.")
    boolean json;

    @Option(
            names = {"-D", "--conf"},
            description = "Storage roots and file system settings, key=value (see README).")
    Map<String, String> conf = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        Configuration c = new Configuration();
        List<String> extra = new ArrayList<>();
        if (out != null) {
            Path dir = out.toAbsolutePath().normalize();
            if (!Files.isDirectory(dir)) {
                System.err.println("clipstream: " + out + ": no such directory");
                return 2;
            }
            // the layout clipstream reprocess uses under --out; no uploads root of its own
            c.set(CommonOptions.WORK_ROOT, dir.resolve(".work").toUri().toString());
            c.set(CommonOptions.CLIPS_ROOT, dir.resolve("clips").toUri().toString());
            batchRoots.add(dir.toUri().toString());
        } else if (!conf.containsKey(CommonOptions.UPLOADS_ROOT.key())
                || !conf.containsKey(CommonOptions.WORK_ROOT.key())
                || !conf.containsKey(CommonOptions.CLIPS_ROOT.key())) {
            System.err.println(
                    "clipstream: name the store: --out DIR, or all three of -D "
                            + CommonOptions.UPLOADS_ROOT.key()
                            + "=..., "
                            + CommonOptions.WORK_ROOT.key()
                            + "=..., "
                            + CommonOptions.CLIPS_ROOT.key()
                            + "=...");
            return 2;
        }
        conf.forEach(c::setString);
        FileSystem.initialize(c, null);
        TenantPaths paths = CommonOptions.tenantPaths(c);
        for (String root : batchRoots) {
            extra.addAll(new ArchiveOutputs(root, paths).tenantPrefixes(tenant));
        }
        List<String> prefixes;
        try {
            prefixes = TenantDeletion.prefixes(tenant, paths, extra);
        } catch (IllegalArgumentException e) {
            System.err.println("clipstream: " + e.getMessage());
            return 2;
        }
        if (out != null) {
            // reprocess reads the archive in place: the uploads root is the user's own directory
            prefixes = prefixes.stream().filter(p -> !p.startsWith(paths.uploadsRoot())).toList();
        }
        List<TenantDeletion.Removed> removed = TenantDeletion.delete(prefixes, dryRun);
        print(removed);
        return 0;
    }

    private void print(List<TenantDeletion.Removed> removed) throws Exception {
        long objects = removed.stream().mapToLong(TenantDeletion.Removed::objects).sum();
        long bytes = removed.stream().mapToLong(TenantDeletion.Removed::bytes).sum();
        if (json) {
            List<Map<String, Object>> list = new ArrayList<>();
            for (TenantDeletion.Removed r : removed) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("prefix", r.prefix());
                m.put("objects", r.objects());
                m.put("bytes", r.bytes());
                list.add(m);
            }
            Map<String, Object> root = new LinkedHashMap<>();
            root.put("tenant", tenant);
            root.put("dryRun", dryRun);
            root.put("prefixes", list);
            root.put("objects", objects);
            root.put("bytes", bytes);
            System.out.println(new ObjectMapper().writeValueAsString(root));
            return;
        }
        for (TenantDeletion.Removed r : removed) {
            System.out.printf(
                    Locale.ROOT,
                    "%8d objects %12d bytes  %s%n",
                    r.objects(),
                    r.bytes(),
                    r.prefix());
        }
        System.out.printf(
                Locale.ROOT,
                "%s %d objects (%d bytes) of tenant %s%n",
                dryRun ? "would delete" : "deleted",
                objects,
                bytes,
                tenant);
    }
}
