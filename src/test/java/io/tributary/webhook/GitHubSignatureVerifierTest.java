package io.tributary.webhook;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.tributary.testing.GitHubSender;
import io.tributary.webhook.WebhookRejectedException.Reason;
import org.junit.jupiter.api.Test;

/** X-Hub-Signature-256, against the example in GitHub's "Validating webhook deliveries". */
class GitHubSignatureVerifierTest {

    private static final String SECRET = "It's a Secret to Everybody";
    private static final byte[] BODY = "Hello, World!".getBytes(StandardCharsets.UTF_8);
    private static final String DOCUMENTED = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

    private static GitHubSignatureVerifier verifier(String secret) {
        GitHubSignatureVerifier v = new GitHubSignatureVerifier();
        v.setSecret(secret);
        return v;
    }

    private static SignedRequest request(String signature, byte[] body) {
        return new SignedRequest(body, signature == null ? Map.of() : Map.of("X-Hub-Signature-256", signature), "/webhooks/github");
    }

    private static Reason rejection(GitHubSignatureVerifier v, SignedRequest r) {
        return assertThrows(WebhookRejectedException.class, () -> v.verify(r)).reason();
    }

    @Test
    void should_accept_the_documented_vector() {
        assertDoesNotThrow(() -> verifier(SECRET).verify(request(DOCUMENTED, BODY)));
        assertEquals(DOCUMENTED, GitHubSender.signature(SECRET, BODY), "the test sender signs like GitHub");
    }

    @Test
    void should_refuse_another_secret_a_changed_body_a_missing_header_or_no_prefix() {
        assertEquals(Reason.BAD_SIGNATURE, rejection(verifier("It's a Secret to Nobody"), request(DOCUMENTED, BODY)));
        assertEquals(Reason.BAD_SIGNATURE, rejection(verifier(SECRET), request(DOCUMENTED, "Hello, World?".getBytes(StandardCharsets.UTF_8))));
        assertEquals(Reason.MISSING_SIGNATURE, rejection(verifier(SECRET), request(null, BODY)));
        assertEquals(Reason.MALFORMED_SIGNATURE, rejection(verifier(SECRET), request(DOCUMENTED.substring("sha256=".length()), BODY)));
    }

    @Test
    void should_name_its_header() {
        assertEquals(java.util.List.of("X-Hub-Signature-256"), new GitHubSignatureVerifier().headers());
    }
}
