package io.tributary.webhook;

/**
 * Standard Webhooks v1 (standardwebhooks.com; Svix, Clerk and others send it), a
 * {@link SignatureScheme} preset:
 * <ul>
 * <li>headers {@code webhook-id}, {@code webhook-timestamp} and {@code webhook-signature}, or with
 * {@code headerPrefix: svix-} the {@code svix-} names;</li>
 * <li>the signed content is {@code id + "." + timestamp + "." + raw body}, HMAC-SHA256 with the
 * base64-decoded {@code whsec_} secret;</li>
 * <li>the signature header holds space-separated {@code v1,<base64>} entries (several during a
 * key rotation): any one matching is enough; entries of other versions are ignored;</li>
 * <li>a timestamp further than {@code tolerance} (5 min) from now is a replay: {@code stale}.</li>
 * </ul>
 * Several secrets may be configured (space or comma separated) so ours can rotate too. The secret
 * and the tolerance are checked as they are set, as this class always did.
 */
public class StandardWebhooksVerifier extends SignatureScheme {

    public StandardWebhooksVerifier() {
        setSeparator(" ");
        setPrefix("v1,");
        setEncoding("base64");
        setSecretPrefix("whsec_");
        setSecretEncoding("base64");
        setHeaderPrefix("webhook-");
    }

    /** {@code webhook-} (the standard) or {@code svix-} (Svix and Clerk). */
    public void setHeaderPrefix(String headerPrefix) {
        if (!headerPrefix.matches("[A-Za-z0-9]+-")) {
            throw new IllegalArgumentException("headerPrefix must look like webhook- or svix-, got '" + headerPrefix + "'");
        }
        setSigned("{header:" + headerPrefix + "id}.{header:" + headerPrefix + "timestamp}.{body}");
        setSignature("header:" + headerPrefix + "signature");
        setTimestamp("header:" + headerPrefix + "timestamp");
    }

    /** One or more {@code whsec_<base64>} secrets, space or comma separated; the values are never logged. */
    @Override
    public void setSecret(String spec) {
        super.setSecret(spec);
        compile();
    }

    /** How far a signed timestamp may be from now, e.g. {@code 5m} (the default). */
    @Override
    public void setTolerance(String tolerance) {
        super.setTolerance(tolerance);
        compile();
    }
}
