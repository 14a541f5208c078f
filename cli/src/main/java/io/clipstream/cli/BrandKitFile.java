package io.clipstream.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clipstream.schemas.BrandKit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * A brand kit given to {@code clipstream clip --brand-kit}: a JSON object with {@link BrandKit}'s
 * fields. {@code fontUri} and {@code logoUri} may name local files (relative to the kit file); they
 * are uploaded under the tenant's prefix with the video.
 */
final class BrandKitFile {
    private BrandKitFile() {}

    static BrandKit read(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readString(file));
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "brand kit " + file + " is not JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("brand kit " + file + " must be a JSON object");
        }
        BrandKit kit = BrandKit.newBuilder().build();
        Iterator<Map.Entry<String, JsonNode>> fields = root.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> e = fields.next();
            Schema.Field field = BrandKit.getClassSchema().getField(e.getKey());
            if (field == null) {
                throw new IllegalArgumentException(
                        "brand kit "
                                + file
                                + ": unknown field '"
                                + e.getKey()
                                + "'; fields: "
                                + BrandKit.getClassSchema().getFields().stream()
                                        .map(Schema.Field::name)
                                        .toList());
            }
            JsonNode v = e.getValue();
            Object value;
            switch (e.getKey()) {
                case "fontSize", "outlineWidth", "logoOpacity", "logoWidth" -> {
                    if (!v.isNumber()) {
                        throw new IllegalArgumentException(
                                "brand kit " + file + ": " + e.getKey() + " must be a number");
                    }
                    value = v.asDouble();
                }
                case "uppercase" -> {
                    if (!v.isBoolean()) {
                        throw new IllegalArgumentException(
                                "brand kit " + file + ": uppercase must be true or false");
                    }
                    value = v.asBoolean();
                }
                case "fontUri", "logoUri" -> value = v.isNull() ? null : local(file, v.asText());
                default -> value = v.asText();
            }
            kit.put(field.pos(), value);
        }
        return kit;
    }

    /** A file named relative to the kit becomes an absolute local path; URIs stay. */
    private static String local(Path kit, String name) {
        if (name.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
            return name;
        }
        Path p = Path.of(name);
        Path resolved = p.isAbsolute() ? p : kit.toAbsolutePath().getParent().resolve(p);
        if (!Files.isRegularFile(resolved)) {
            throw new IllegalArgumentException("brand kit " + kit + ": no file " + resolved);
        }
        return resolved.toString();
    }
}
