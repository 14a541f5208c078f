package io.clipstream.operators.batch;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The version of clipstream's own code, for done markers: the project version and a hash of the
 * compiled classes under {@code io/clipstream/} (names and bytes, not jar timestamps), so a change
 * to a detector or the scorer redoes an archive while rebuilding the same code does not.
 */
public final class CodeVersion {
    private static volatile String current;

    private CodeVersion() {}

    public static String current() {
        String v = current;
        if (v == null) {
            v = compute();
            current = v;
        }
        return v;
    }

    private static String compute() {
        String version = CodeVersion.class.getPackage().getImplementationVersion();
        String prefix = version == null ? "dev" : version;
        try {
            Path location =
                    Path.of(
                            CodeVersion.class
                                    .getProtectionDomain()
                                    .getCodeSource()
                                    .getLocation()
                                    .toURI());
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            if (Files.isDirectory(location)) {
                List<Path> classes;
                try (Stream<Path> walk = Files.walk(location.resolve("io/clipstream"))) {
                    classes = walk.filter(p -> p.toString().endsWith(".class")).sorted().toList();
                }
                for (Path c : classes) {
                    digest.update(location.relativize(c).toString().getBytes());
                    digest.update(Files.readAllBytes(c));
                }
            } else {
                try (JarFile jar = new JarFile(location.toFile())) {
                    List<JarEntry> entries = new ArrayList<>();
                    jar.stream()
                            .filter(
                                    e ->
                                            e.getName().startsWith("io/clipstream/")
                                                    && e.getName().endsWith(".class"))
                            .forEach(entries::add);
                    entries.sort((a, b) -> a.getName().compareTo(b.getName()));
                    for (JarEntry e : entries) {
                        digest.update(e.getName().getBytes());
                        try (InputStream in = jar.getInputStream(e)) {
                            digest.update(in.readAllBytes());
                        }
                    }
                }
            }
            return prefix + "+" + HexFormat.of().formatHex(digest.digest()).substring(0, 12);
        } catch (IOException | URISyntaxException | NoSuchAlgorithmException | RuntimeException e) {
            // unknown code: a marker from it never matches, so the work is redone rather than kept
            return prefix + "+unknown-" + System.nanoTime();
        }
    }
}
