package io.clipstream.embedded;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An S3-compatible object store running inside this JVM on a free loopback port, backed by a local
 * directory (S3Proxy with its filesystem blob store).
 *
 * <p>Clients authenticate with AWS signature v2 or v4 using {@link #accessKey()} and {@link
 * #secretKey()}; path-style access is required. {@link #flinkConfig()} gives the Flink
 * configuration keys the Hadoop S3 file system needs to reach it.
 */
public final class EmbeddedS3 implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedS3.class);
    private static final String ACCESS_KEY = "clipstream";
    private static final String SECRET_KEY = "clipstream-local-secret";

    private final S3Proxy proxy;
    private final Path baseDir;

    private EmbeddedS3(S3Proxy proxy, Path baseDir) {
        this.proxy = proxy;
        this.baseDir = baseDir;
    }

    /**
     * Starts a store whose objects live under {@code baseDir}, creating the given buckets. Buckets
     * are directories directly under {@code baseDir}.
     */
    public static EmbeddedS3 start(Path baseDir, String... buckets) {
        try {
            Files.createDirectories(baseDir);
            for (String bucket : buckets) {
                Files.createDirectories(baseDir.resolve(bucket));
            }
            S3Proxy proxy =
                    S3Proxy.builder()
                            .blobStore(new FilesystemNio2BlobStore(baseDir.toString()))
                            .endpoint(URI.create("http://127.0.0.1:0"))
                            .awsAuthentication(
                                    AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                            .build();
            proxy.start();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!"STARTED".equals(proxy.getState())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
                }
                Thread.sleep(10);
            }
            EmbeddedS3 s3 = new EmbeddedS3(proxy, baseDir);
            LOG.info("Embedded S3 ready at {} over {}", s3.endpoint(), baseDir);
            return s3;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while starting embedded S3", e);
        } catch (IOException e) {
            throw new IllegalStateException("Could not create S3 directory " + baseDir, e);
        } catch (Exception e) {
            throw new IllegalStateException("Could not start embedded S3", e);
        }
    }

    public String endpoint() {
        return "http://127.0.0.1:" + proxy.getPort();
    }

    public String accessKey() {
        return ACCESS_KEY;
    }

    public String secretKey() {
        return SECRET_KEY;
    }

    /** The directory holding the buckets. */
    public Path baseDir() {
        return baseDir;
    }

    /** Flink configuration for the Hadoop S3 file system to reach this store. */
    public Map<String, String> flinkConfig() {
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("s3.endpoint", endpoint());
        conf.put("s3.path.style.access", "true");
        conf.put("s3.access-key", ACCESS_KEY);
        conf.put("s3.secret-key", SECRET_KEY);
        conf.put("s3.connection.ssl.enabled", "false");
        return conf;
    }

    @Override
    public void close() {
        try {
            proxy.stop();
        } catch (Exception e) {
            LOG.warn("Embedded S3 did not shut down cleanly", e);
        }
    }
}
