package io.tributary.testing;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.event.Json;

/**
 * Sends webhooks the way Clerk does through Svix (Standard Webhooks with {@code svix-} headers):
 * {@code svix-id}, {@code svix-timestamp} and {@code svix-signature: v1,<base64 HMAC-SHA256 of
 * id.timestamp.body>} keyed with the base64 part of the {@code whsec_} secret. A retry repeats the id.
 */
public final class ClerkSender {

    private final String secret;

    public ClerkSender(String secret) {
        this.secret = secret;
    }

    /** A Standard Webhooks {@code v1,<base64>} signature. */
    public static String signature(String whsecSecret, String id, long timestamp, byte[] body) {
        byte[] key = Base64.getDecoder().decode(whsecSecret.substring("whsec_".length()));
        return "v1," + Base64.getEncoder().encodeToString(ProviderSigning.hmacSha256(key, id + "." + timestamp + ".", body));
    }

    /** The documented user.created example for another user. */
    public static byte[] userCreated(String userId) {
        ObjectNode body = (ObjectNode) Json.read(Fixtures.bytes("clerk", "user-created.json"));
        ((ObjectNode) body.get("data")).put("id", userId);
        return Json.write(body);
    }

    public HttpResponse<String> send(TributaryApp app, String messageId, long timestamp, byte[] body) throws IOException, InterruptedException {
        return app.post("clerk", body, Map.of("Content-Type", "application/json", "svix-id", messageId,
                "svix-timestamp", String.valueOf(timestamp), "svix-signature", signature(secret, messageId, timestamp, body)));
    }
}
