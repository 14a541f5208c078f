package io.clipstream.operators.speech;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the Vosk model directory: the one configuration names, or the small US English model that
 * ships inside clipstream's jar ({@code vosk/vosk-model-en.zip}, copied there by the build from
 * {@code com.alphacephei:vosk-model-en}), unpacked once to a cache directory with dithering turned
 * off, so the same audio always gives the same words. Nothing is fetched at run time.
 */
public final class VoskModels {
    private static final Logger LOG = LoggerFactory.getLogger(VoskModels.class);

    /** The bundled model inside the jar, and the folder inside that zip that is the model. */
    static final String BUNDLED = "vosk/vosk-model-en.zip";

    private static final String BUNDLED_ROOT = "assets/model-en-us/";

    /** Files every Vosk model has; a graph is either HCLG.fst or the HCLr.fst + Gr.fst pair. */
    private static final List<String> REQUIRED = List.of("am/final.mdl", "conf/model.conf");

    private VoskModels() {}

    /**
     * The model directory to load: {@code configured} when set (checked), else the bundled model.
     *
     * @throws IOException naming the directory and what it lacks, when it is not a Vosk model
     */
    public static synchronized Path resolve(String configured) throws IOException {
        if (configured != null && !configured.isBlank()) {
            Path dir = Path.of(configured);
            String problem = problem(dir);
            if (problem != null) {
                throw new IOException("Vosk model directory " + dir + " " + problem);
            }
            return dir;
        }
        return bundled();
    }

    /** What makes {@code dir} unusable as a Vosk model, or null when it looks like one. */
    static String problem(Path dir) {
        if (!Files.exists(dir)) {
            return "does not exist (clipstream.speech.vosk.model-dir)";
        }
        if (!Files.isDirectory(dir)) {
            return "is not a directory";
        }
        List<String> missing = new ArrayList<>();
        for (String file : REQUIRED) {
            if (!Files.isRegularFile(dir.resolve(file))) {
                missing.add(file);
            }
        }
        boolean fullGraph = Files.isRegularFile(dir.resolve("graph/HCLG.fst"));
        boolean lookahead =
                Files.isRegularFile(dir.resolve("graph/HCLr.fst"))
                        && Files.isRegularFile(dir.resolve("graph/Gr.fst"));
        if (!fullGraph && !lookahead) {
            missing.add("graph/HCLG.fst (or graph/HCLr.fst and graph/Gr.fst)");
        }
        return missing.isEmpty()
                ? null
                : "is not a Vosk model: missing " + String.join(", ", missing);
    }

    /** The bundled model, unpacked under the temporary directory on first use. */
    static Path bundled() throws IOException {
        URL zip = VoskModels.class.getClassLoader().getResource(BUNDLED);
        if (zip == null) {
            throw new IOException(
                    "the bundled Vosk model "
                            + BUNDLED
                            + " is not on the classpath; set clipstream.speech.vosk.model-dir");
        }
        URLConnection connection = zip.openConnection();
        long size = connection.getContentLengthLong();
        Path cache =
                Path.of(System.getProperty("java.io.tmpdir"), "clipstream-models")
                        .resolve("vosk-model-en-us-" + size + "-nodither");
        if (Files.isRegularFile(cache.resolve(".complete")) && problem(cache) == null) {
            return cache;
        }
        Files.createDirectories(cache.getParent());
        removeAbandonedUnpacks(cache.getParent());
        Path partial = Files.createTempDirectory(cache.getParent(), "unpacking-");
        long started = System.nanoTime();
        try (InputStream in = connection.getInputStream();
                ZipInputStream entries = new ZipInputStream(in)) {
            ZipEntry entry;
            while ((entry = entries.getNextEntry()) != null) {
                String name = entry.getName();
                if (entry.isDirectory() || !name.startsWith(BUNDLED_ROOT)) {
                    continue;
                }
                Path target = partial.resolve(name.substring(BUNDLED_ROOT.length())).normalize();
                if (!target.startsWith(partial)) {
                    throw new IOException("unexpected entry in the bundled Vosk model: " + name);
                }
                Files.createDirectories(target.getParent());
                Files.copy(entries, target);
            }
            // Kaldi dithers the signal with random noise before its features, so the same audio
            // could give a different word from run to run; without it a segment decodes exactly
            // what the whole file decodes
            Files.writeString(
                    partial.resolve("conf/mfcc.conf"),
                    "--dither=0\n",
                    java.nio.file.StandardOpenOption.APPEND);
            Files.createFile(partial.resolve(".complete"));
            try {
                Files.move(partial, cache, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException raced) {
                // another process unpacked the same model meanwhile, or a stale copy is there
                if (!Files.isRegularFile(cache.resolve(".complete"))) {
                    delete(cache);
                    Files.move(partial, cache, StandardCopyOption.ATOMIC_MOVE);
                }
            }
        } finally {
            delete(partial);
        }
        LOG.info(
                "Unpacked the bundled Vosk model to {} in {} ms",
                cache,
                (System.nanoTime() - started) / 1_000_000);
        return cache;
    }

    /** Unpacks that a killed process left behind: older than an hour, nobody is writing them. */
    static void removeAbandonedUnpacks(Path parent) {
        long hourAgo = System.currentTimeMillis() - 3_600_000L;
        try (Stream<Path> dirs = Files.list(parent)) {
            for (Path d : dirs.toList()) {
                if (d.getFileName().toString().startsWith("unpacking-")
                        && Files.getLastModifiedTime(d).toMillis() < hourAgo) {
                    delete(d);
                }
            }
        } catch (IOException e) {
            LOG.debug("Could not clear old unpacks under {}", parent, e);
        }
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
