package io.tributary.webhook;

/**
 * Stripe's scheme: {@code Stripe-Signature: t=<unix seconds>,v1=<hex>[,v1=<hex>...][,v0=...]}.
 * The signed content is {@code t + "." + raw body}, HMAC-SHA256 keyed with the endpoint secret
 * ({@code whsec_...}) as it is written, not decoded. While Stripe rolls a secret it sends one
 * {@code v1} per live secret, so any match is enough; {@code v0} (test-mode SHA-1) is ignored.
 * A {@code t} further than {@code tolerance} (300 s) from now is a replay: {@code stale}.
 * A {@link SignatureScheme}, preset.
 */
public class StripeSignatureVerifier extends SignatureScheme {

    public StripeSignatureVerifier() {
        setSigned("{param:t}.{body}");
        setSignature("header:Stripe-Signature");
        setParameters(",");
        setSignatureParam("v1");
        setTimestamp("param:t");
        setTolerance("300s");
    }
}
