package io.clipstream.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ChartTest {
    private static OperatorSchema schema;

    @BeforeAll
    static void loadSchema() throws Exception {
        schema = OperatorSchema.load("v1beta1");
    }

    @Test
    void chartLintsWithoutFindings() {
        LintResult lint = new Helm(Chart.DIR).lint().strict().call();
        assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
    }

    @Test
    void schemaCatchesAMisspeltField() throws Exception {
        JsonNode deployment = Chart.deployments(Chart.render(Map.of())).get(0).deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) deployment.get("spec"))
                .putObject("jobManger");
        assertThat(schema.violations(deployment))
                .anyMatch(v -> v.contains("jobManger") && v.contains("not defined in the schema"));
    }

    /**
     * The one finding the 1.10 CRD (the newest operator API this build can resolve) has with the
     * chart: it lists Flink versions up to v1_20, and the image is Flink 2.2. A newer operator's
     * CRD lists v2_2; this test pins the gap so that swapping the CRD shows when it closes.
     */
    static final String FLINK_2_2_UNKNOWN_TO_OPERATOR_1_10 =
            "$.spec.flinkVersion: does not have a value in the enumeration [\"v1_13\", \"v1_14\","
                    + " \"v1_15\", \"v1_16\", \"v1_17\", \"v1_18\", \"v1_19\", \"v1_20\"]";

    /** The deployment's findings other than the Flink version gap; and that gap is there. */
    static List<String> violations(JsonNode deployment) {
        List<String> all = schema.violations(deployment);
        assertThat(all)
                .as(Chart.component(deployment))
                .contains(FLINK_2_2_UNKNOWN_TO_OPERATOR_1_10);
        return all.stream().filter(v -> !v.equals(FLINK_2_2_UNKNOWN_TO_OPERATOR_1_10)).toList();
    }

    @Test
    void everyDeploymentMatchesTheOperatorsSchema() throws Exception {
        List<JsonNode> deployments = Chart.deployments(Chart.render(Map.of()));
        assertThat(deployments)
                .extracting(Chart::component)
                .containsExactly("analysis", "ingest", "notify", "render");
        for (JsonNode deployment : deployments) {
            assertThat(violations(deployment)).as(Chart.component(deployment)).isEmpty();
        }
    }

    @Test
    void everyJobJarIsAFileTheImageCopiesFromAModuleThatBuildsIt() throws Exception {
        // COPY <module>/target/<artifact>-*-job.jar /opt/flink/usrlib/<name>.jar
        Map<String, String> copied = new java.util.HashMap<>();
        java.util.regex.Matcher copy =
                java.util.regex.Pattern.compile(
                                "(?m)^COPY (\\S+)/target/(\\S+)-\\*-job\\.jar (/opt/flink/usrlib/\\S+\\.jar)$")
                        .matcher(Files.readString(Path.of("Dockerfile")));
        while (copy.find()) {
            Path module = Path.of("..", copy.group(1), "pom.xml");
            assertThat(module).as(copy.group(0)).exists();
            assertThat(Files.readString(module))
                    .as(copy.group(0))
                    .contains("<artifactId>" + copy.group(2) + "</artifactId>");
            copied.put(copy.group(3), copy.group(1));
        }
        List<JsonNode> deployments =
                Chart.deployments(Chart.render(Map.of("reprocess.enabled", "true")));
        assertThat(deployments).hasSize(5);
        for (JsonNode deployment : deployments) {
            String jar = deployment.path("spec").path("job").path("jarURI").asText();
            assertThat(jar).startsWith("local://");
            assertThat(copied)
                    .as(Chart.component(deployment))
                    .containsKey(jar.substring("local://".length()));
        }
    }

    @Test
    void aGpuIsRequestedOnlyByAnalysisAndOnlyWhenEnabled() throws Exception {
        List<JsonNode> plain = Chart.render(Map.of());
        assertThat(plain.toString()).doesNotContain("nvidia.com/gpu");
        List<JsonNode> deployments =
                Chart.deployments(Chart.render(Map.of("jobs.analysis.gpu.enabled", "true")));
        for (JsonNode deployment : deployments) {
            JsonNode limits =
                    deployment
                            .path("spec")
                            .path("taskManager")
                            .path("podTemplate")
                            .path("spec")
                            .path("containers")
                            .path(0)
                            .path("resources")
                            .path("limits");
            if (Chart.component(deployment).equals("analysis")) {
                assertThat(limits.path("nvidia.com/gpu").asInt()).isEqualTo(1);
                assertThat(violations(deployment)).isEmpty();
            } else {
                assertThat(deployment.toString()).doesNotContain("nvidia.com/gpu");
            }
        }
    }

    @Test
    void secretsComeFromKubernetesSecretsNeverFromValues() throws Exception {
        List<JsonNode> deployments =
                Chart.deployments(
                        Chart.render(Map.of("storage.credentialsSecret", "s3-credentials")));
        for (JsonNode deployment : deployments) {
            JsonNode container =
                    deployment
                            .path("spec")
                            .path("podTemplate")
                            .path("spec")
                            .path("containers")
                            .path(0);
            for (JsonNode env : container.path("env")) {
                if (env.path("name").asText().startsWith("AWS_")) {
                    assertThat(env.has("value")).as(env.toString()).isFalse();
                    assertThat(env.path("valueFrom").path("secretKeyRef").path("name").asText())
                            .isEqualTo("s3-credentials");
                }
            }
            String args = deployment.path("spec").path("job").path("args").toString();
            assertThat(args).doesNotContain("clipstream.webhooks.secrets\"");
            if (Chart.component(deployment).equals("notify")) {
                JsonNode volume =
                        deployment
                                .path("spec")
                                .path("podTemplate")
                                .path("spec")
                                .path("volumes")
                                .path(0);
                assertThat(volume.path("secret").path("secretName").asText())
                        .isEqualTo("clipstream-webhook-secrets");
                assertThat(container.path("volumeMounts").path(0).path("mountPath").asText())
                        .isEqualTo("/etc/clipstream/webhooks");
                assertThat(args)
                        .contains(
                                "\"--clipstream.webhooks.secrets-file\",\"/etc/clipstream/webhooks/secrets\"");
            } else {
                assertThat(deployment.toString()).doesNotContain("webhook-secrets");
            }
        }
        // and the values offer no place for a secret itself: only the names of Secrets
        String values = Files.readString(Chart.DIR.resolve("values.yaml"));
        assertThat(values).doesNotContain("secret-key:").doesNotContain("webhooks.secrets:");
    }

    @Test
    void theBatchDeploymentRunsInBatchModeStatelessly() throws Exception {
        JsonNode reprocess =
                Chart.deployments(Chart.render(Map.of("reprocess.enabled", "true"))).stream()
                        .filter(d -> Chart.component(d).equals("reprocess"))
                        .findFirst()
                        .orElseThrow();
        assertThat(violations(reprocess)).isEmpty();
        assertThat(
                        reprocess
                                .path("spec")
                                .path("flinkConfiguration")
                                .path("execution.runtime-mode")
                                .asText())
                .isEqualTo("BATCH");
        assertThat(reprocess.path("spec").path("job").path("upgradeMode").asText())
                .isEqualTo("stateless");
    }

    @Test
    void theReadmesDeployCommandsUseKeysTheChartHasAndRenderValidDeployments() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        String deploy = readme.substring(readme.indexOf("## Deploying on Kubernetes"));
        deploy =
                deploy.substring(
                        0,
                        deploy.indexOf("\n## ", 5) < 0
                                ? deploy.length()
                                : deploy.indexOf("\n## ", 5));
        java.util.regex.Matcher set =
                java.util.regex.Pattern.compile("--set ([A-Za-z0-9_.]+)=(\\S+)").matcher(deploy);
        Map<String, String> sets = new java.util.LinkedHashMap<>();
        while (set.find()) {
            sets.put(set.group(1), set.group(2));
        }
        assertThat(sets).containsKeys("image.repository", "reprocess.enabled");
        JsonNode values =
                new com.fasterxml.jackson.dataformat.yaml.YAMLMapper()
                        .readTree(Chart.DIR.resolve("values.yaml").toFile());
        for (String key : sets.keySet()) {
            assertThat(values.at("/" + key.replace('.', '/')).isMissingNode())
                    .as("README sets " + key + ", which values.yaml does not have")
                    .isFalse();
        }
        List<JsonNode> deployments = Chart.deployments(Chart.render(sets));
        assertThat(deployments).hasSize(5);
        for (JsonNode deployment : deployments) {
            assertThat(violations(deployment)).as(Chart.component(deployment)).isEmpty();
            // the README names every deployment the chart makes
            assertThat(deploy).contains("`" + Chart.component(deployment) + "`");
        }
    }
}
