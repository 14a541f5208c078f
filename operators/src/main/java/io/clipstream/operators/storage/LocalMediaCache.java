package io.clipstream.operators.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives media libraries a local, seekable file for an object URI.
 *
 * <p>FFmpeg seeks a lot; reading a remote object through a stream would re-request it for every
 * seek. Remote objects are therefore copied once per JVM into a temporary directory and shared by
 * every segment and clip of the same video that runs in this task manager. The cache is bounded by
 * total bytes and evicts the least recently used copies.
 */
public final class LocalMediaCache {
    private static final Logger LOG = LoggerFactory.getLogger(LocalMediaCache.class);
    private static final long MAX_BYTES =
            Long.getLong("clipstream.media-cache.max-bytes", 20L << 30);
    private static final Map<String, CachedFile> FILES = new LinkedHashMap<>(16, 0.75f, true);
    private static Path directory;

    private LocalMediaCache() {}

    private record CachedFile(Path path, long size) {}

    /** A local path holding the object's bytes; local URIs are returned as they are. */
    public static Path localCopy(String uri) throws IOException {
        if (ObjectStore.isLocal(uri)) {
            Path local = ObjectStore.localPath(uri);
            if (!Files.isRegularFile(local)) {
                throw new java.io.FileNotFoundException(uri);
            }
            return local;
        }
        long size = ObjectStore.sizeOf(uri);
        if (size < 0) {
            throw new java.io.FileNotFoundException(uri);
        }
        synchronized (FILES) {
            CachedFile cached = FILES.get(uri);
            if (cached != null && cached.size == size && Files.exists(cached.path)) {
                return cached.path;
            }
        }
        Path dir = directory();
        Path tmp = Files.createTempFile(dir, "dl-", ".part");
        long begin = System.nanoTime();
        ObjectStore.download(uri, tmp);
        Path target = dir.resolve(Integer.toHexString(uri.hashCode()) + "-" + size + suffix(uri));
        Files.move(
                tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        LOG.info(
                "Cached {} ({} bytes) in {} ms",
                uri,
                size,
                (System.nanoTime() - begin) / 1_000_000);
        synchronized (FILES) {
            FILES.put(uri, new CachedFile(target, size));
            evict();
        }
        return target;
    }

    private static String suffix(String uri) {
        int slash = uri.lastIndexOf('/');
        int dot = uri.lastIndexOf('.');
        return dot > slash && uri.length() - dot <= 6 ? uri.substring(dot) : "";
    }

    private static void evict() {
        long total = FILES.values().stream().mapToLong(CachedFile::size).sum();
        var it = FILES.entrySet().iterator();
        while (total > MAX_BYTES && FILES.size() > 1 && it.hasNext()) {
            CachedFile oldest = it.next().getValue();
            it.remove();
            total -= oldest.size;
            try {
                Files.deleteIfExists(oldest.path);
            } catch (IOException e) {
                LOG.warn("Could not delete cached media {}", oldest.path, e);
            }
        }
    }

    private static synchronized Path directory() throws IOException {
        if (directory == null) {
            directory = Files.createTempDirectory("clipstream-media-");
            directory.toFile().deleteOnExit();
        }
        return directory;
    }
}
