package io.tributary.sandbox;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Posts signed webhooks to Tributary's own endpoints, as the providers would; and signs them. */
public final class Webhooks {

    private static final Logger LOG = LoggerFactory.getLogger(Webhooks.class);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final String base;

    public Webhooks(String base) {
        this.base = base;
    }

    public static String path(String provider) {
        return "/webhooks/" + provider;
    }

    /** POSTs the body; true on 2xx. Failures are logged, not thrown: the next tick sends more. */
    public boolean post(String provider, byte[] body, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path(provider))).timeout(Duration.ofSeconds(15))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(b::header);
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2) {
                LOG.warn("sandbox: {} webhook answered {} {}", provider, r.statusCode(), r.body());
            }
            return r.statusCode() / 100 == 2;
        } catch (IOException e) {
            LOG.debug("sandbox: {} webhook not delivered (Tributary not listening yet?): {}", provider, e.toString());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** HMAC-SHA256 with the JDK, as a provider signs: the sandbox does not sign with the verifier it exercises. */
    public static byte[] hmac(byte[] key, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    public static byte[] hmac(String key, byte[] message) {
        return hmac(key.getBytes(StandardCharsets.UTF_8), message);
    }

    public static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    public static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
