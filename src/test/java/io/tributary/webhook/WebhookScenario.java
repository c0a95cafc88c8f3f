package io.tributary.webhook;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import io.tributary.testing.ProviderSigning;

/**
 * Builds signed webhook requests for verifier tests: start from {@link #valid}, then break one
 * thing per test. Signed with {@link ProviderSigning}, never with the verifier under test.
 */
final class WebhookScenario {

    private String body;
    private byte[] signingKey;
    private String encoding;
    private String prefix = "";
    private String signatureHeader;
    private final Map<String, String> extraHeaders = new LinkedHashMap<>();
    private String signatureOverride;
    private String path = "/webhooks/test";
    private String signedPrefix = "";

    static WebhookScenario valid(String body, String secret, String header, String encoding) {
        WebhookScenario s = new WebhookScenario();
        s.body = body;
        s.signingKey = secret.getBytes(StandardCharsets.UTF_8);
        s.signatureHeader = header;
        s.encoding = encoding;
        return s;
    }

    WebhookScenario withPrefix(String prefix) {
        this.prefix = prefix;
        return this;
    }

    WebhookScenario signedWithKeyBytes(byte[] key) {
        this.signingKey = key;
        return this;
    }

    WebhookScenario signingPathAndBody(String path) {
        this.path = path;
        this.signedPrefix = path + " ";
        return this;
    }

    WebhookScenario withPath(String path) {
        this.path = path;
        return this;
    }

    WebhookScenario withHeader(String name, String value) {
        extraHeaders.put(name, value);
        return this;
    }

    WebhookScenario withTamperedBody() {
        String signed = signature();
        this.signatureOverride = signed;
        this.body = body.replaceFirst("\\}$", ",\"injected\":true}");
        return this;
    }

    WebhookScenario withWrongSecret() {
        this.signingKey = "not-the-secret".getBytes(StandardCharsets.UTF_8);
        return this;
    }

    WebhookScenario withoutSignature() {
        this.signatureHeader = null;
        return this;
    }

    WebhookScenario withSignatureValue(String value) {
        this.signatureOverride = value;
        return this;
    }

    WebhookScenario withHeaderNameCase(String headerName) {
        this.signatureHeader = headerName;
        return this;
    }

    String signature() {
        byte[] mac = ProviderSigning.hmacSha256(signingKey, signedPrefix, body.getBytes(StandardCharsets.UTF_8));
        return prefix + ("base64".equals(encoding) ? Base64.getEncoder().encodeToString(mac) : HexFormat.of().formatHex(mac));
    }

    SignedRequest request() {
        Map<String, String> headers = new LinkedHashMap<>(extraHeaders);
        if (signatureHeader != null) {
            headers.put(signatureHeader, signatureOverride != null ? signatureOverride : signature());
        }
        return new SignedRequest(body.getBytes(StandardCharsets.UTF_8), headers, path);
    }
}
