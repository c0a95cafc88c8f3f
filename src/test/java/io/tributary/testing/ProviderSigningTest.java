package io.tributary.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

/**
 * The test senders' signatures against vectors computed outside the JVM, so the tests that sign
 * with {@link ProviderSigning} rest on the providers' documented schemes, not on Java code alone.
 */
class ProviderSigningTest {

    private static byte[] fixture(String provider, String name) {
        return Fixtures.bytes(provider, name);
    }

    @Test
    void should_compute_the_rfc_4231_vector() {
        byte[] mac = ProviderSigning.hmacSha256("Jefe".getBytes(StandardCharsets.UTF_8), "what do ya ", "want for nothing?".getBytes(StandardCharsets.UTF_8));
        assertEquals("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", HexFormat.of().formatHex(mac), "RFC 4231 test case 2");
    }

    // Each vector: OpenSSL 3.0.19, `openssl dgst -sha256 -hmac <secret> [-binary | base64]` over the fixture's bytes.
    @Test
    void should_sign_like_the_documented_schemes() {
        assertEquals("v2LSUOU+1goWBCLNrDT3V14mK9tv6bVGS9c6SRY+HPc=",
                ProviderSigning.thirdfort("thirdfort-kat-secret", fixture("thirdfort", "notification-v1.json")));
        assertEquals("f0830801aaeea63197f5185e01a638b9f8ffffe803769ad52d6b7f245497bf3c",
                ProviderSigning.alcmeon("alcmeon-app-secret", "/webhooks/alcmeon", fixture("alcmeon", "webhook-action.json")));
        assertEquals("88cd01321a16a48d66c0e4925b2bdcf3806b3d6dfd14f291a3d2234caaacd849",
                ProviderSigning.polytomic("poly-secret", "{\"type\":\"sync.completed\",\"event\":{\"execution_id\":\"e\"}}"));
        assertEquals("sha256=dec90a4335124fc8df84b8a8cce536af9866cb12d4aab6ebdb8eaa6d8d6c7e6a",
                ProviderSigning.zenoo("zenoo-secret", fixture("zenoo", "clm-webhook-event-envelope.json")));
        assertEquals("vuwO7tBrYe/aIn3j+9887RD9/OSfyklcv8Fqn3Ep3x8=",
                ProviderSigning.stsGen2("an-sts-gen2-hmac-key-of-32-bytes!".getBytes(StandardCharsets.UTF_8), fixture("sts-gen2", "webhook-check-notification.json")));
    }

    @Test
    void should_sign_like_githubs_documented_example() {
        // docs.github.com, "Validating webhook deliveries", "Testing the webhook payload validation"
        assertEquals("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
                GitHubSender.signature("It's a Secret to Everybody", "Hello, World!".getBytes(StandardCharsets.UTF_8)));
    }
}
