package io.clipstream.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The Flink Kubernetes Operator's own FlinkDeployment CRD (from {@code
 * flink-kubernetes-operator-api}), as a JSON schema a rendered manifest is checked against. The API
 * server prunes fields a structural schema does not name; here an unknown field is an error instead
 * (what {@code kubectl apply --validate=strict} reports), so a misspelt key in the chart is caught
 * rather than silently dropped.
 */
final class OperatorSchema {
    static final String CRD = "META-INF/fabric8/flinkdeployments.flink.apache.org-v1.yml";

    private final JsonSchema schema;

    private OperatorSchema(JsonSchema schema) {
        this.schema = schema;
    }

    /** The schema of the CRD's version {@code apiVersion} ({@code v1beta1}). */
    static OperatorSchema load(String apiVersion) throws IOException {
        JsonNode crd;
        try (InputStream in = OperatorSchema.class.getClassLoader().getResourceAsStream(CRD)) {
            if (in == null) {
                throw new IOException(CRD + " is not on the class path");
            }
            crd = new YAMLMapper().readTree(in);
        }
        for (JsonNode version : crd.path("spec").path("versions")) {
            if (version.path("name").asText().equals(apiVersion)) {
                ObjectNode openApi = version.path("schema").path("openAPIV3Schema").deepCopy();
                // every object has these three; the API server checks them, the CRD leaves them out
                ObjectNode properties = (ObjectNode) openApi.get("properties");
                properties.putObject("apiVersion").put("type", "string");
                properties.putObject("kind").put("type", "string");
                properties.putObject("metadata").put("type", "object");
                strict(openApi);
                return new OperatorSchema(
                        JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4)
                                .getSchema(openApi));
            }
        }
        throw new IOException("the CRD has no version " + apiVersion);
    }

    /** What is wrong with one FlinkDeployment, one line per finding; empty when it is valid. */
    List<String> violations(JsonNode deployment) {
        return schema.validate(deployment).stream()
                .map(ValidationMessage::getMessage)
                .sorted()
                .toList();
    }

    /** An object that names its properties admits no others, unless it says it keeps unknowns. */
    private static void strict(JsonNode node) {
        if (node instanceof ObjectNode object) {
            if (object.has("properties")
                    && !object.has("additionalProperties")
                    && !object.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
                object.put("additionalProperties", false);
            }
            // OpenAPI's nullable: a null value is as good as an absent one
            if (object.path("nullable").asBoolean(false) && object.has("type")) {
                JsonNode type = object.get("type");
                if (type.isTextual()) {
                    object.putArray("type").add(type.asText()).add("null");
                }
            }
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                strict(fields.next().getValue());
            }
        } else if (node.isArray()) {
            node.forEach(OperatorSchema::strict);
        }
    }
}
