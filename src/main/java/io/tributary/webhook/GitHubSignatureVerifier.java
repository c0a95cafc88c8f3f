package io.tributary.webhook;

/**
 * GitHub's scheme: {@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256(secret, raw body)>}. A
 * {@link SignatureScheme}, preset, so a route file names only the secret. GitHub signs no timestamp:
 * a replay of a delivery is caught by the dedupe on {@code X-GitHub-Delivery}, not here.
 */
public class GitHubSignatureVerifier extends SignatureScheme {

    public GitHubSignatureVerifier() {
        setSigned("{body}");
        setSignature("header:X-Hub-Signature-256");
        setPrefix("sha256=");
    }
}
