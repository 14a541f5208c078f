package io.clipstream.operators.webhooks;

import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Each tenant's webhook signing secret. Secrets come from configuration or from a file of {@code
 * tenant=secret} lines (a mounted Kubernetes Secret); they are never printed: {@link #toString()}
 * names the tenants only.
 */
public final class WebhookSecrets implements Serializable {
    private static final long serialVersionUID = 1L;

    private final TreeMap<String, String> byTenant;

    private WebhookSecrets(Map<String, String> byTenant) {
        this.byTenant = new TreeMap<>(byTenant);
    }

    public static WebhookSecrets of(Map<String, String> byTenant) {
        byTenant.forEach(
                (tenant, secret) -> {
                    if (secret == null || secret.isBlank()) {
                        throw new IllegalArgumentException(
                                "the webhook secret of tenant '" + tenant + "' is empty");
                    }
                });
        return new WebhookSecrets(byTenant);
    }

    /**
     * The secrets given inline, then those in {@code file} (when not null); a tenant in both takes
     * the file's.
     */
    public static WebhookSecrets of(Map<String, String> inline, Path file) throws IOException {
        TreeMap<String, String> all = new TreeMap<>(inline);
        if (file != null) {
            Properties props = new Properties();
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                props.load(in);
            }
            props.stringPropertyNames().forEach(t -> all.put(t, props.getProperty(t).trim()));
        }
        return of(all);
    }

    public Optional<String> secretFor(String tenantId) {
        return Optional.ofNullable(byTenant.get(tenantId));
    }

    @Override
    public String toString() {
        return "WebhookSecrets" + byTenant.keySet() + " (values hidden)";
    }
}
