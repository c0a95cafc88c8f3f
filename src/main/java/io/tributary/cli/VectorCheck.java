package io.tributary.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.webhook.AnyOfSchemes;
import io.tributary.webhook.SignatureScheme;
import io.tributary.webhook.SignatureVerifier;
import io.tributary.webhook.SignedRequest;
import io.tributary.webhook.WebhookRejectedException;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * A provider's signature vectors ({@code <fixtures>/<id>/vectors/vectors.json}: settings, a fixed
 * {@code now}, and requests that its provider signed): each must verify with the verifier bean of
 * the route file, loaded with the vectors' settings, and must be refused as {@code bad_signature}
 * once one signed byte is changed (of the body; of the {@code tamper} text for a scheme that signs
 * body fields only or whose token is a body field; of the signature header for a scheme that signs
 * no content). The check command and RouteCatalogTest both run it.
 */
public final class VectorCheck {

    private static final ObjectMapper JSON = new ObjectMapper();

    private VectorCheck() {
    }

    /** @return how many vectors passed; @throws IllegalArgumentException naming the vector that failed */
    @SuppressWarnings("unchecked")
    public static int run(Path vectorsFile, String verifierName, RouteCatalogue.RouteFile core, RouteCatalogue.RouteFile file) throws IOException {
        Map<String, Object> doc = JSON.readValue(vectorsFile.toFile(), Map.class);
        List<Map<String, Object>> vectors = (List<Map<String, Object>>) doc.getOrDefault("vectors", List.of());
        if (vectors.isEmpty()) {
            throw new IllegalArgumentException("holds no vector");
        }
        String id = file.id();
        for (Map<String, Object> v : vectors) {
            Map<String, String> settings = new HashMap<>((Map<String, String>) doc.getOrDefault("settings", Map.of()));
            settings.putAll((Map<String, String>) v.getOrDefault("settings", Map.of()));
            String name = "vector '" + v.get("name") + "'";
            try (DefaultCamelContext context = RouteLoad.context(settings)) {
                List<Problem> problems = RouteLoad.load(context, List.of(core, file));
                if (!problems.isEmpty()) {
                    throw new IllegalArgumentException(problems.get(0).toString());
                }
                SignatureVerifier verifier = context.getRegistry().lookupByNameAndType(verifierName, SignatureVerifier.class);
                if (verifier == null) {
                    throw new IllegalArgumentException(file.shown() + ": no SignatureVerifier bean " + verifierName);
                }
                boolean signsContent = true;
                List<SignatureScheme> schemes = verifier instanceof SignatureScheme s ? List.of(s)
                        : verifier instanceof AnyOfSchemes any ? any.schemes() : List.of();
                for (SignatureScheme s : schemes) {
                    s.setClock(Clock.fixed(Instant.ofEpochSecond(((Number) doc.get("now")).longValue()), ZoneOffset.UTC));
                    signsContent &= s.signsContent();
                }
                Map<String, String> headers = new HashMap<>((Map<String, String>) v.getOrDefault("headers", Map.of()));
                headers.put("CamelHttpMethod", String.valueOf(v.getOrDefault("method", "POST")));
                if (v.get("query") != null) {
                    headers.put("CamelHttpQuery", String.valueOf(v.get("query")));
                }
                String text = String.valueOf(v.get("body"));
                byte[] body = text.getBytes(StandardCharsets.UTF_8);
                try {
                    verifier.verify(new SignedRequest(body, headers, "/webhooks/" + id));
                } catch (WebhookRejectedException e) {
                    throw new IllegalArgumentException(name + " does not verify: " + e.getMessage());
                }
                SignedRequest tampered;
                // A token in a body field (Microsoft Graph's clientState) is tampered where its tamper text says.
                if (signsContent || v.get("tamper") != null) {
                    byte[] changed = body.clone();
                    // A scheme that signs body fields only (Mailgun) names the signed text to change.
                    String tamper = (String) v.get("tamper");
                    int at = tamper == null ? changed.length / 2 : text.indexOf(tamper);
                    if (at < 0) {
                        throw new IllegalArgumentException(name + ": its tamper text is not in its body");
                    }
                    changed[at] ^= 1;
                    tampered = new SignedRequest(changed, headers, "/webhooks/" + id);
                } else {
                    Map<String, String> other = new HashMap<>(headers);
                    other.replaceAll((k, val) -> verifier.headers().stream().anyMatch(k::equalsIgnoreCase) ? val + "x" : val);
                    tampered = new SignedRequest(body, other, "/webhooks/" + id);
                }
                try {
                    verifier.verify(tampered);
                    throw new IllegalArgumentException(name + " still verifies once tampered");
                } catch (WebhookRejectedException e) {
                    if (e.reason() != WebhookRejectedException.Reason.BAD_SIGNATURE) {
                        throw new IllegalArgumentException(name + " tampered is refused as " + e.reason() + ", not bad_signature: " + e.getMessage());
                    }
                }
            }
        }
        return vectors.size();
    }
}
