package io.clipstream.operators.batch;

import com.fasterxml.jackson.databind.JsonNode;
import io.clipstream.schemas.Options;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A manifest line's own options, a JSON object of {@link Options} fields, applied over the run's.
 * An unknown field or a value of the wrong kind is an error that names it, so a typo cannot pass as
 * the default. The brand kit is the run's ({@code --brand-kit}); it is not set per line.
 */
final class LineOptions {
    static final Set<String> FIELDS =
            new TreeSet<>(
                    Set.of(
                            "aspectRatios",
                            "minClipSeconds",
                            "maxClipSeconds",
                            "maxClips",
                            "captionStyle",
                            "language",
                            "removeFillers",
                            "prompt",
                            "transcriptUri"));

    private LineOptions() {}

    static Options apply(Options defaults, JsonNode json) {
        Options.Builder b = defaults == null ? Options.newBuilder() : Options.newBuilder(defaults);
        if (json == null || json.isNull()) {
            return b.build();
        }
        if (!json.isObject()) {
            throw new IllegalArgumentException("options must be a JSON object, not " + json);
        }
        Iterator<Map.Entry<String, JsonNode>> fields = json.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            String name = f.getKey();
            JsonNode v = f.getValue();
            switch (name) {
                case "aspectRatios" -> b.setAspectRatios(aspects(v));
                case "minClipSeconds" -> b.setMinClipSeconds(number(name, v));
                case "maxClipSeconds" -> b.setMaxClipSeconds(number(name, v));
                case "maxClips" -> b.setMaxClips((int) number(name, v));
                case "captionStyle" -> b.setCaptionStyle(text(name, v));
                case "language" -> b.setLanguage(text(name, v));
                case "removeFillers" -> {
                    if (!v.isBoolean()) {
                        throw new IllegalArgumentException("removeFillers must be true or false");
                    }
                    b.setRemoveFillers(v.asBoolean());
                }
                case "prompt" -> b.setPrompt(text(name, v));
                case "transcriptUri" -> b.setTranscriptUri(text(name, v));
                default ->
                        throw new IllegalArgumentException(
                                "unknown option '" + name + "'; the options are " + FIELDS);
            }
        }
        return b.build();
    }

    private static List<String> aspects(JsonNode v) {
        List<String> out = new ArrayList<>();
        if (v.isTextual()) {
            for (String a : v.asText().split(",")) {
                out.add(a.strip());
            }
        } else if (v.isArray()) {
            v.forEach(a -> out.add(a.asText()));
        } else {
            throw new IllegalArgumentException("aspectRatios must be a list such as [\"9:16\"]");
        }
        return out;
    }

    private static double number(String name, JsonNode v) {
        if (!v.isNumber()) {
            throw new IllegalArgumentException(name + " must be a number, not " + v);
        }
        return v.asDouble();
    }

    private static String text(String name, JsonNode v) {
        if (!v.isTextual()) {
            throw new IllegalArgumentException(name + " must be a string, not " + v);
        }
        return v.asText();
    }
}
