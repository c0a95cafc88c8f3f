package io.tributary.testing;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.event.Json;

/**
 * Sends webhooks the way Stripe does: the event object as the body and
 * {@code Stripe-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + body)>}, the
 * secret being the endpoint's {@code whsec_...} string as written.
 */
public final class StripeSender {

    private final String secret;

    public StripeSender(String secret) {
        this.secret = secret;
    }

    public static String v1(String secret, long t, byte[] body) {
        return HexFormat.of().formatHex(ProviderSigning.hmacSha256(secret.getBytes(StandardCharsets.UTF_8), t + ".", body));
    }

    public static String header(String secret, long t, byte[] body) {
        return "t=" + t + ",v1=" + v1(secret, t, body);
    }

    /** The documented event object with another id and data.object.id. */
    public static byte[] event(String id, String objectId) {
        ObjectNode body = (ObjectNode) Json.read(Fixtures.bytes("stripe", "event.json"));
        body.put("id", id);
        ((ObjectNode) body.get("data").get("object")).put("id", objectId);
        return Json.write(body);
    }

    public HttpResponse<String> send(TributaryApp app, long t, byte[] body) throws IOException, InterruptedException {
        return app.post("stripe", body, Map.of("Content-Type", "application/json; charset=utf-8",
                "User-Agent", "Stripe/1.0 (+https://stripe.com/docs/webhooks)", "Stripe-Signature", header(secret, t, body)));
    }
}
