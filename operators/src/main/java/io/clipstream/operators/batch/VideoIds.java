package io.clipstream.operators.batch;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The id of an archived video: its file name made safe, then a hash of the tenant and the source
 * URI. Deterministic, so every rerun finds the same clips and done marker; readable, so a person
 * can tell which file a directory of clips came from.
 */
public final class VideoIds {
    private VideoIds() {}

    public static String of(String tenantId, String sourceUri) {
        String name = sourceUri.substring(sourceUri.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        String stem = (dot > 0 ? name.substring(0, dot) : name).toLowerCase(Locale.ROOT);
        stem = stem.replaceAll("[^a-z0-9_-]+", "-").replaceAll("^[-_]+|[-_]+$", "");
        if (stem.length() > 40) {
            stem = stem.substring(0, 40).replaceAll("[-_]+$", "");
        }
        String hash = sha256(tenantId + "\n" + sourceUri).substring(0, 10);
        return stem.isEmpty() ? "v" + hash : stem + "-" + hash;
    }

    static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(
                            MessageDigest.getInstance("SHA-256")
                                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
