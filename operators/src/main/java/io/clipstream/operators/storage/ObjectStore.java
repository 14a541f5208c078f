package io.clipstream.operators.storage;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * Object storage through Flink's {@link FileSystem}: {@code file://} locally, {@code s3://} through
 * the Hadoop S3 file system (an embedded S3-compatible server in tests and the local runner, a real
 * bucket in production).
 *
 * <p>Writes go to a local file first and are copied into place with overwrite, so a key is either
 * absent or complete, and writing the same key twice replaces it.
 */
public final class ObjectStore {
    private ObjectStore() {}

    /** Size in bytes of the object, or -1 when it does not exist. */
    public static long sizeOf(String uri) throws IOException {
        Path path = new Path(uri);
        FileSystem fs = path.getFileSystem();
        try {
            FileStatus status = fs.getFileStatus(path);
            return status.isDir() ? -1 : status.getLen();
        } catch (FileNotFoundException e) {
            return -1;
        }
    }

    public static boolean exists(String uri) throws IOException {
        return sizeOf(uri) >= 0;
    }

    public static InputStream open(String uri) throws IOException {
        Path path = new Path(uri);
        return path.getFileSystem().open(path);
    }

    /** Copies the object to a local file, replacing it. */
    public static void download(String uri, java.nio.file.Path target) throws IOException {
        try (InputStream in = open(uri)) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Writes a local file to the object key, replacing whatever is there. */
    public static void upload(java.nio.file.Path source, String uri) throws IOException {
        if (isLocal(uri)) {
            // beside the target, then renamed: a reader never sees half a file
            java.nio.file.Path target = localPath(uri);
            Files.createDirectories(target.toAbsolutePath().getParent());
            java.nio.file.Path part =
                    Files.createTempFile(
                            target.toAbsolutePath().getParent(),
                            "." + target.getFileName(),
                            ".inprogress");
            try {
                Files.copy(source, part, StandardCopyOption.REPLACE_EXISTING);
                Files.move(
                        part,
                        target,
                        StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(part);
            }
            return;
        }
        Path path = new Path(uri);
        FileSystem fs = path.getFileSystem();
        try (OutputStream out = fs.create(path, FileSystem.WriteMode.OVERWRITE)) {
            Files.copy(source, out);
        }
    }

    public static void delete(String uri) throws IOException {
        Path path = new Path(uri);
        path.getFileSystem().delete(path, false);
    }

    /** Deletes everything under the prefix (a directory locally); nothing there is fine. */
    public static void deleteTree(String uri) throws IOException {
        Path path = new Path(uri);
        FileSystem fs = path.getFileSystem();
        if (fs.exists(path)) {
            fs.delete(path, true);
        }
    }

    /** Whether the URI is on a local file system, so media libraries can read it in place. */
    public static boolean isLocal(String uri) {
        return uri.startsWith("file:") || uri.startsWith("/");
    }

    /** The local path of a {@code file:} URI or plain path. */
    public static java.nio.file.Path localPath(String uri) {
        return uri.startsWith("file:")
                ? java.nio.file.Path.of(java.net.URI.create(uri))
                : java.nio.file.Path.of(uri);
    }
}
