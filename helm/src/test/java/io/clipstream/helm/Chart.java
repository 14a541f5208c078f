package io.clipstream.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The chart in {@code helm/clipstream}, rendered in-process by helm-java. */
final class Chart {
    static final Path DIR = Path.of("clipstream").toAbsolutePath();

    private Chart() {}

    /** {@code helm template clipstream helm/clipstream --set k=v ...}, one node per manifest. */
    static List<JsonNode> render(Map<String, String> sets) throws IOException {
        var template = new Helm(DIR).template().withName("clipstream");
        sets.forEach(template::set);
        String yaml = template.call();
        List<JsonNode> manifests = new ArrayList<>();
        try (MappingIterator<JsonNode> docs =
                new YAMLMapper().readerFor(JsonNode.class).readValues(yaml)) {
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                if (doc != null && !doc.isEmpty()) {
                    manifests.add(doc);
                }
            }
        }
        return manifests;
    }

    static List<JsonNode> deployments(List<JsonNode> manifests) {
        return manifests.stream()
                .filter(m -> m.path("kind").asText().equals("FlinkDeployment"))
                .toList();
    }

    static String component(JsonNode deployment) {
        return deployment
                .path("metadata")
                .path("labels")
                .path("app.kubernetes.io/component")
                .asText();
    }
}
