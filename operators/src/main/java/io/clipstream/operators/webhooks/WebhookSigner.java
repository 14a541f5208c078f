package io.clipstream.operators.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature a receiver checks to know a webhook came from clipstream and was not replayed:
 * {@code v1=} and the hex HMAC-SHA256, keyed by the tenant's secret, of {@code timestamp + "." +
 * body}. The timestamp (Unix seconds) is sent beside it in {@code X-Clipstream-Timestamp}, so a
 * receiver can refuse old deliveries.
 */
public final class WebhookSigner {
    public static final String TIMESTAMP_HEADER = "X-Clipstream-Timestamp";
    public static final String SIGNATURE_HEADER = "X-Clipstream-Signature";
    public static final String IDEMPOTENCY_HEADER = "Idempotency-Key";
    static final String VERSION = "v1=";

    private WebhookSigner() {}

    /** The {@code X-Clipstream-Signature} value for this body sent at this second. */
    public static String sign(String secret, long timestampSeconds, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest =
                    mac.doFinal((timestampSeconds + "." + body).getBytes(StandardCharsets.UTF_8));
            return VERSION + HexFormat.of().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }

    /**
     * What a receiver does: the signature matches (compared in constant time) and the timestamp is
     * within {@code toleranceSeconds} of {@code nowSeconds}.
     */
    public static boolean verify(
            String secret,
            String signatureHeader,
            String timestampHeader,
            String body,
            long nowSeconds,
            long toleranceSeconds) {
        if (signatureHeader == null || timestampHeader == null) {
            return false;
        }
        long timestamp;
        try {
            timestamp = Long.parseLong(timestampHeader.trim());
        } catch (NumberFormatException e) {
            return false;
        }
        if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) {
            return false;
        }
        byte[] expected = sign(secret, timestamp, body).getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(
                expected, signatureHeader.trim().getBytes(StandardCharsets.UTF_8));
    }
}
