package io.clipstream.operators.webhooks;

/**
 * A callback that is never tried: a scheme, host or address the SSRF guard refuses, or a tenant
 * with no signing secret. Retrying cannot help, so the delivery fails at once.
 */
public final class WebhookRefusedException extends Exception {
    private static final long serialVersionUID = 1L;

    public WebhookRefusedException(String message) {
        super(message);
    }
}
